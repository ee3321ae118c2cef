"""Writes a rollout plan and a change calendar of N events (RFC 5545) for scripts/bench/calendar:
single freezes spread over the plan's year, and weekly-recurring ones with an EXDATE."""
import sys

count, directory = int(sys.argv[1]), sys.argv[2]
lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//gonogo bench//change calendar//EN"]
for index in range(count):
    day = index % 360
    month, dom = 1 + day // 30, 1 + day % 28
    hour = index % 20
    lines += ["BEGIN:VEVENT", f"UID:bench-{index}@gonogo.example", "DTSTAMP:20260101T000000Z",
              f"DTSTART;TZID=Europe/Berlin:2026{month:02d}{dom:02d}T{hour:02d}1500",
              f"DTEND;TZID=Europe/Berlin:2026{month:02d}{dom:02d}T{hour:02d}4500",
              f"SUMMARY:Change freeze {index}", "CATEGORIES:FREEZE"]
    if index % 2:
        lines += ["RRULE:FREQ=WEEKLY;COUNT=8",
                  f"EXDATE;TZID=Europe/Berlin:2026{month:02d}{dom:02d}T{hour:02d}1500"]
    lines.append("END:VEVENT")
lines.append("END:VCALENDAR")
open(f"{directory}/changes.ics", "w", newline="").write("\r\n".join(lines) + "\r\n")
open(f"{directory}/rollout.yaml", "w").write("""service: bench-api
start: 2026-06-01T09:00:00+02:00
timezone: Europe/Berlin
strategy: canary
freeze:
  - calendar: changes.ics
    match: FREEZE
phases:
  - {name: canary, traffic: 1%, bake: 2h}
  - {name: early, traffic: 10%, bake: 4h}
  - {name: half, traffic: 50%, bake: 24h}
  - {name: full, traffic: 100%}
""")
