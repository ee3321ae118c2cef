import CICal
import Foundation

/// Writes forecasts as one iCalendar file (RFC 5545) with libical: a VTIMEZONE per zone (from
/// the tz database, TZID the IANA name), one VEVENT per ``ForecastEvent``, times local to the
/// plan's zone (UTC plans in UTC). libical serialises, folds lines and escapes text values.
public enum CalendarWriter {
  /// The calendar text (CRLF line ends). `now` is every event's DTSTAMP, so a run is
  /// reproducible.
  public static func ics(_ calendars: [ForecastCalendar], now: Date) -> String {
    LibICal.locked {
      guard let root = icalcomponent_new(ICAL_VCALENDAR_COMPONENT) else { return "" }
      defer { icalcomponent_free(root) }
      icalcomponent_add_property(root, icalproperty_new_prodid("-//gonogo//rollout forecast//EN"))
      icalcomponent_add_property(root, icalproperty_new_version("2.0"))
      icalcomponent_add_property(root, icalproperty_new_calscale("GREGORIAN"))
      icalcomponent_add_property(root, icalproperty_new_method(ICAL_METHOD_PUBLISH))
      let name =
        calendars.count == 1 ? "Rollout: " + clean(calendars[0].service) : "Rollouts"
      if let property = icalproperty_new_x(name) {
        icalproperty_set_x_name(property, "X-WR-CALNAME")
        icalcomponent_add_property(root, property)
      }
      var zones: [String: OpaquePointer] = [:]
      for calendar in calendars where !isUTC(calendar.timeZoneName) {
        guard zones[calendar.timeZoneName] == nil,
          let zone = LibICal.zone(named: calendar.timeZoneName),
          let definition = icaltimezone_get_component(zone),
          let copy = icalcomponent_new_clone(definition)
        else { continue }
        // libical names its zones /freeassociation.sourceforge.net/<name>; publish the IANA
        // name, which every client also knows without the VTIMEZONE.
        if let tzid = icalcomponent_get_first_property(copy, ICAL_TZID_PROPERTY) {
          icalproperty_set_tzid(tzid, calendar.timeZoneName)
        }
        icalcomponent_add_component(root, copy)
        zones[calendar.timeZoneName] = zone
      }
      let stamp = icaltime_from_timet_with_zone(
        time_t(now.timeIntervalSince1970.rounded(.down)), 0, icaltimezone_get_utc_timezone())
      for calendar in calendars {
        let zone = zones[calendar.timeZoneName]
        for event in calendar.events {
          guard let component = icalcomponent_new(ICAL_VEVENT_COMPONENT) else { continue }
          icalcomponent_add_property(component, icalproperty_new_uid(clean(event.uid)))
          icalcomponent_add_property(component, icalproperty_new_dtstamp(stamp))
          add(time: event.start, zone: zone, zoneName: calendar.timeZoneName, to: component, end: false)
          if let end = event.end {
            add(time: end, zone: zone, zoneName: calendar.timeZoneName, to: component, end: true)
          }
          icalcomponent_add_property(component, icalproperty_new_summary(clean(event.summary)))
          icalcomponent_add_property(
            component, icalproperty_new_description(clean(event.description)))
          icalcomponent_add_property(
            component, icalproperty_new_categories(category(event.kind)))
          if event.kind == .freeze {
            icalcomponent_add_property(component, icalproperty_new_transp(ICAL_TRANSP_OPAQUE))
          }
          icalcomponent_add_component(root, component)
        }
      }
      guard let text = icalcomponent_as_ical_string_r(root) else { return "" }
      defer { free(text) }
      return String(cString: text)
    }
  }

  /// DTSTART or DTEND: local time with the plan's TZID, or UTC.
  private static func add(
    time date: Date, zone: OpaquePointer?, zoneName: String, to component: OpaquePointer, end: Bool
  ) {
    let seconds = time_t(date.timeIntervalSince1970.rounded(.down))
    var value = icaltime_from_timet_with_zone(seconds, 0, zone ?? icaltimezone_get_utc_timezone())
    // The local fields, written with the TZID parameter below rather than libical's own TZID.
    if zone != nil { value.zone = nil }
    guard let property = end ? icalproperty_new_dtend(value) : icalproperty_new_dtstart(value)
    else { return }
    if zone != nil {
      icalproperty_add_parameter(property, icalparameter_new_tzid(zoneName))
    }
    icalcomponent_add_property(component, property)
  }

  private static func category(_ kind: ForecastEvent.Kind) -> String {
    switch kind {
    case .review: "Go/no-go review"
    case .comms: "Rollout comms"
    case .phase: "Rollout phase"
    case .freeze: "Change freeze"
    }
  }

  private static func isUTC(_ name: String) -> Bool {
    ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z"].contains(name)
  }

  /// Text without control characters other than line feeds (RFC 5545 §3.3.11 allows none in
  /// TEXT; libical escapes the rest: backslash, comma, semicolon, newline).
  static func clean(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { scalar in
          scalar == "\n" || !(scalar.properties.generalCategory == .control) ? scalar : " "
        }))
  }
}
