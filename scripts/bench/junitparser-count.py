#!/usr/bin/env python3
"""The benchmark's Python peer for JUnit: junitparser reads FILE and counts its tests, failures,
errors and skipped tests, as a script gating on them would. Usage: junitparser-count.py FILE"""
import sys

from junitparser import Error, Failure, JUnitXml, Skipped

counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for suite in JUnitXml.fromfile(sys.argv[1]):
    for case in suite:
        counts["tests"] += 1
        for result in case.result:
            if isinstance(result, Failure):
                counts["failures"] += 1
            elif isinstance(result, Error):
                counts["errors"] += 1
            elif isinstance(result, Skipped):
                counts["skipped"] += 1
print(counts)
