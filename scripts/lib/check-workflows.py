#!/usr/bin/python3
# Copyright 2026 The crossauth Authors.
# SPDX-License-Identifier: Apache-2.0
#
# check-workflows.py FILE...: each file is a YAML document that GitHub
# Actions can read as a workflow with the jobs crossauth's CI promises
# (.github/workflows/ci.yml): linux running .ci/run, windows and macos
# building. The hosted runners are out of reach here, so this is how the
# file is kept from rotting. Exits 1 with the reasons on any problem.
import sys

import yaml

EXPECTED_JOBS = {
    "linux": ".ci/run",
    "windows": "cmake --build",
    "macos": "cmake --build",
}


def problems(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    if not isinstance(doc, dict):
        return ["not a mapping"]
    found = []
    # YAML 1.1 reads a bare `on` key as the boolean true.
    if "on" not in doc and True not in doc:
        found.append("no `on:` triggers")
    jobs = doc.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        return found + ["no jobs"]
    for name, job in jobs.items():
        if not isinstance(job, dict):
            found.append(f"job {name} is not a mapping")
            continue
        if "runs-on" not in job:
            found.append(f"job {name} has no runs-on")
        steps = job.get("steps")
        if not isinstance(steps, list) or not steps:
            found.append(f"job {name} has no steps")
            continue
        for i, step in enumerate(steps):
            if not isinstance(step, dict) or not ("run" in step or "uses" in step):
                found.append(f"job {name} step {i + 1} has neither run nor uses")
    for name, command in EXPECTED_JOBS.items():
        job = jobs.get(name)
        if not isinstance(job, dict):
            found.append(f"job {name} is missing")
            continue
        runs = " ".join(str(s.get("run", "")) for s in job.get("steps", [])
                        if isinstance(s, dict))
        if command not in runs:
            found.append(f"job {name} never runs `{command}`")
    return found


def main(paths):
    bad = 0
    for path in paths:
        try:
            found = problems(path)
        except (OSError, yaml.YAMLError) as error:
            found = [str(error)]
        for problem in found:
            print(f"{path}: {problem}")
        bad += bool(found)
        if not found:
            print(f"{path}: a workflow with jobs {sorted(EXPECTED_JOBS)}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
