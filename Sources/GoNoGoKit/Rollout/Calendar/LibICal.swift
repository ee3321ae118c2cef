import CICal
import Foundation
import Synchronization

/// The thin layer over libical: the only file besides the calendar reader and writer that
/// touches its C API. libical keeps global state (its error number, the cache of built-in
/// zones), so every use goes through ``LibICal/locked(_:)``.
enum LibICal {
  private static let lock = Mutex(false)

  /// Runs `body` with libical to itself; errors are made non-fatal on first use (libical aborts
  /// on some errors otherwise).
  static func locked<T>(_ body: () throws -> T) rethrows -> T {
    try lock.withLock { configured in
      if !configured {
        icalerror_set_errors_are_fatal(0)
        configured = true
      }
      return try body()
    }
  }

  /// The zone libical knows under an IANA name (`UTC` is libical's UTC), read from the system's
  /// tz database; nil when it knows none.
  static func zone(named name: String) -> OpaquePointer? {
    if name == "UTC" || name == "Etc/UTC" || name == "GMT" { return icaltimezone_get_utc_timezone() }
    return icaltimezone_get_builtin_timezone(name)
  }

  /// The zone a TZID names: a VTIMEZONE of `calendar` first, else the tz database (libical's
  /// own `/freeassociation.sourceforge.net/` prefix accepted).
  static func zone(tzid: String, calendar: OpaquePointer?) -> OpaquePointer? {
    if let calendar, let zone = icalcomponent_get_timezone(calendar, tzid) { return zone }
    return zone(named: tzid) ?? icaltimezone_get_builtin_timezone_from_tzid(tzid)
  }

  /// The TZID parameter of a property, if it has one.
  static func tzid(of property: OpaquePointer) -> String? {
    guard let parameter = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER),
      let text = icalparameter_get_tzid(parameter)
    else { return nil }
    return String(cString: text)
  }

  /// The instant of a time: a DATE is local midnight of that day in `planZone`; a floating time
  /// is read in `planZone`; a zoned or UTC time is converted by libical.
  static func date(_ time: icaltimetype, planZone: TimeZone) -> Date? {
    if time.is_date != 0 {
      return PlanTime.midnight(
        year: Int(time.year), month: Int(time.month), day: Int(time.day), in: planZone)
    }
    if let zone = time.zone {
      return Date(timeIntervalSince1970: TimeInterval(icaltime_as_timet_with_zone(time, zone)))
    }
    return PlanTime.calendar(planZone).date(
      from: DateComponents(
        year: Int(time.year), month: Int(time.month), day: Int(time.day), hour: Int(time.hour),
        minute: Int(time.minute), second: Int(time.second)))
  }

  /// The text of a C string property value, or nil.
  static func text(_ pointer: UnsafePointer<CChar>?) -> String? {
    pointer.map { String(cString: $0) }
  }

  /// Every property of `kind` of a component, in order.
  static func properties(of component: OpaquePointer, _ kind: icalproperty_kind) -> [OpaquePointer] {
    var result: [OpaquePointer] = []
    var property = icalcomponent_get_first_property(component, kind)
    while let current = property {
      result.append(current)
      property = icalcomponent_get_next_property(component, kind)
    }
    return result
  }

  /// Every child component of `kind`, in order.
  static func children(of component: OpaquePointer, _ kind: icalcomponent_kind) -> [OpaquePointer] {
    var result: [OpaquePointer] = []
    var child = icalcomponent_get_first_component(component, kind)
    while let current = child {
      result.append(current)
      child = icalcomponent_get_next_component(component, kind)
    }
    return result
  }
}
