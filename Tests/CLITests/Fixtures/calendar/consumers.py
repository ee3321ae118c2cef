"""Reads gonogo's iCalendar export with the Python `icalendar` package and checks it against
`gonogo plan --format json`, instant by instant; expands the source calendars a plan's freezes
came from with `recurring_ical_events` and checks they give the freeze windows gonogo used.

usage: consumers.py FORECAST.json EXPORT.ics [SOURCE.ics MATCH]...
(MATCH is '' for every event of SOURCE.ics.) Prints 'agree: …' and exits 0, or lists every
disagreement and exits 1.
"""
import datetime
import json
import sys
import zoneinfo

import icalendar
import recurring_ical_events


def instant(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def as_datetime(value, zone):
    """An aware datetime: a DATE is midnight in the plan's zone, a floating time is local."""
    if not isinstance(value, datetime.datetime):
        return datetime.datetime(value.year, value.month, value.day, tzinfo=zone)
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value


def end_of(component, start):
    if "DTEND" in component:
        return component.decoded("DTEND")
    if "DURATION" in component:
        return start + component.decoded("DURATION")
    if not isinstance(start, datetime.datetime):
        return start + datetime.timedelta(days=1)
    return None


def main():
    forecast = json.load(open(sys.argv[1], encoding="utf-8"))
    export = icalendar.Calendar.from_ical(open(sys.argv[2], "rb").read())
    problems = []
    calendar = forecast["calendar"][0]
    rollout = forecast["rollout"][0]
    zone = zoneinfo.ZoneInfo(calendar["timezone"])
    expected = {event["uid"]: event for event in calendar["events"]}

    exported = {}
    for event in export.walk("VEVENT"):
        uid = str(event["UID"])
        if uid in exported:
            problems.append(f"UID {uid} is exported twice")
        start = event.decoded("DTSTART")
        exported[uid] = (start, end_of(event, start), event)
    if set(exported) != set(expected):
        problems.append(
            f"UIDs differ: only in the export {sorted(set(exported) - set(expected))}, "
            f"only in the JSON {sorted(set(expected) - set(exported))}")
    for uid, event in expected.items():
        if uid not in exported:
            continue
        start, end, component = exported[uid]
        if start != instant(event["start"]):
            problems.append(f"{uid}: DTSTART {start} but the JSON says {event['start']}")
        if start.utcoffset() != instant(event["start"]).utcoffset():
            problems.append(f"{uid}: DTSTART {start} is not in the plan's zone")
        wanted_end = instant(event["end"]) if "end" in event else None
        if end != wanted_end:
            problems.append(f"{uid}: DTEND {end} but the JSON says {event.get('end')}")
        if str(component["SUMMARY"]) != event["summary"]:
            problems.append(f"{uid}: SUMMARY {component['SUMMARY']!r} != {event['summary']!r}")

    phases = [event for event in calendar["events"] if event["kind"] == "phase"]
    if len(phases) != len(rollout["phases"]):
        problems.append(f"{len(phases)} phase events for {len(rollout['phases'])} phases")
    for event, phase in zip(phases, rollout["phases"]):
        if instant(event["start"]) != instant(phase["start"]):
            problems.append(f"phase {phase['name']}: event starts {event['start']}, "
                            f"forecast {phase['start']}")
        until = phase.get("promoted_at") or (phase["bake_end"] if "bake" in phase else None)
        if (instant(event["end"]) if "end" in event else None) != (instant(until) if until else None):
            problems.append(f"phase {phase['name']}: event ends {event.get('end')}, forecast {until}")

    gonogo = sorted(
        (instant(event["start"]).timestamp(), instant(event["end"]).timestamp())
        for event in calendar["events"] if event["kind"] == "freeze")
    sources = sys.argv[3:]
    if sources:
        horizon = calendar["freeze_horizon"]
        low, high = instant(horizon["from"]), instant(horizon["to"])
        expanded = []
        for path, match in zip(sources[0::2], sources[1::2]):
            source = icalendar.Calendar.from_ical(open(path, "rb").read())
            for occurrence in recurring_ical_events.of(source).between(low, high):
                if match:
                    categories = []
                    for value in occurrence.get("CATEGORIES", []) if isinstance(
                            occurrence.get("CATEGORIES"), list) else [occurrence.get("CATEGORIES")]:
                        if value is not None:
                            categories += [str(c).lower() for c in value.cats]
                    summary = str(occurrence.get("SUMMARY", "")).lower()
                    if match.lower() not in categories and match.lower() not in summary:
                        continue
                start = occurrence.decoded("DTSTART")
                end = end_of(occurrence, start)
                first, last = as_datetime(start, zone), as_datetime(end, zone)
                if last > low and first < high:
                    expanded.append((first.timestamp(), last.timestamp()))
        expanded.sort()
        if expanded != gonogo:
            missing = sorted(set(expanded) - set(gonogo))[:5]
            extra = sorted(set(gonogo) - set(expanded))[:5]
            problems.append(
                f"freezes differ: {len(expanded)} expanded by recurring_ical_events, "
                f"{len(gonogo)} used by gonogo; only expanded: {missing}; only gonogo: {extra}")

    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"agree: {len(expected)} events, {len(gonogo)} freezes")


main()
