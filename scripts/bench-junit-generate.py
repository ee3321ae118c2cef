#!/usr/bin/env python3
"""Writes a large JUnit XML file shaped like a Surefire/Gradle run, for scripts/bench-junit.

Usage: bench-junit-generate.py OUTPUT TESTCASES

Suites of 100 testcases; one testcase in 100 fails (message, type and a stack trace), two in
100 are skipped, every suite carries properties and a CDATA system-out. Deterministic: the same
arguments always give the same bytes.
"""

import sys

SUITE_SIZE = 100


def suite(index, first, count):
    package = f"com.example.shop.module{index % 97:02d}"
    classname = f"{package}.Service{index}Test"
    failures = sum(1 for n in range(first, first + count) if n % 100 == 37)
    skipped = sum(1 for n in range(first, first + count) if n % 100 in (11, 73))
    parts = [
        f'  <testsuite name="{classname}" tests="{count}" failures="{failures}" errors="0" '
        f'skipped="{skipped}" time="1.234" timestamp="2026-11-30T18:00:00">\n',
        '    <properties>\n'
        '      <property name="java.version" value="17.0.15"/>\n'
        '      <property name="os.name" value="Linux"/>\n'
        '    </properties>\n',
    ]
    for n in range(first, first + count):
        name = f"handlesRequestVariant{n}"
        kind = n % 100
        if kind == 37:
            parts.append(
                f'    <testcase classname="{classname}" name="{name}" time="0.021">\n'
                f'      <failure message="expected: &lt;200&gt; but was: &lt;503&gt;" '
                f'type="org.opentest4j.AssertionFailedError">'
                f"org.opentest4j.AssertionFailedError: expected: &lt;200&gt; but was: &lt;503&gt;\n"
                f"\tat {classname}.{name}({classname.rsplit('.', 1)[1]}.java:{n % 400 + 10})\n"
                f"\tat java.base/java.lang.reflect.Method.invoke(Method.java:568)\n"
                f"</failure>\n"
                f"    </testcase>\n")
        elif kind in (11, 73):
            parts.append(
                f'    <testcase classname="{classname}" name="{name}" time="0">\n'
                f'      <skipped message="sandbox unavailable"/>\n'
                f"    </testcase>\n")
        else:
            parts.append(f'    <testcase classname="{classname}" name="{name}" time="0.004"/>\n')
    parts.append(
        "    <system-out><![CDATA[Started Service%dTest\nReady in 120 ms\n]]></system-out>\n"
        "  </testsuite>\n" % index)
    return "".join(parts)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    output, total = sys.argv[1], int(sys.argv[2])
    with open(output, "w", encoding="utf-8", buffering=1 << 20) as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">\n')
        first = 0
        index = 0
        while first < total:
            count = min(SUITE_SIZE, total - first)
            out.write(suite(index, first, count))
            first += count
            index += 1
        out.write("</testsuites>\n")


if __name__ == "__main__":
    main()
