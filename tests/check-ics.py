#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The exported calendar as calendar applications read it: parsed with
libical (the library behind Evolution and GNOME Calendar), checked against
its RFC 5545 restrictions, every booking there once with its clinic time,
and no patient's name or identity number in it."""

import os
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import gi
gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

BINARY = sys.argv[1]
failures = 0
number = 0


def tap(ok, name, detail=""):
    global failures, number
    number += 1
    print(("ok" if ok else "not ok"), number, "-", name, ("# " + detail) if detail else "")
    if not ok:
        failures += 1


print("TAP version 13")
with tempfile.TemporaryDirectory(prefix="lysning-ics-") as folder:
    database = os.path.join(folder, "clinic.db")
    ics = os.path.join(folder, "bookings.ics")
    subprocess.run([BINARY, "--database=" + database, "--seed-demo"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([BINARY, "--database=" + database, "--export-calendar=" + ics, "--from=2000-01-01",
                    "--to=2099-12-31"], check=True, stdout=subprocess.DEVNULL)
    text = open(ics, encoding="utf-8").read()
    raw = open(ics, "rb").read()

    tap(all(len(line) <= 75 for line in raw.split(b"\r\n")), "no line is longer than 75 octets")
    tap(raw.count(b"\n") == raw.count(b"\r\n"), "every line ends in CRLF")

    calendar = ICalGLib.Component.new_from_string(text)
    tap(calendar is not None and calendar.isa() == ICalGLib.ComponentKind.VCALENDAR_COMPONENT,
        "libical reads a VCALENDAR")
    tap(ICalGLib.restriction_check(calendar) == 1, "libical finds it within the RFC's restrictions")
    tap("X-LIC-ERROR" not in calendar.as_ical_string(), "libical reports no parse errors")
    oslo = calendar.get_timezone("Europe/Oslo")
    tap(oslo is not None, "the Europe/Oslo time zone is defined in the file")

    db = sqlite3.connect(database)
    bookings = {row[0]: row[1:] for row in db.execute("SELECT id, starts_at, ends_at FROM appointments")}
    names = [n for row in db.execute("SELECT given_name, family_name, national_id FROM patients") for n in row]

    uids = []
    wrong_times = []
    event = calendar.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while event is not None:
        uid = event.get_uid()
        uids.append(uid)
        booking = int(uid.split("-")[1])
        start = event.get_dtstart()
        start.set_timezone(oslo)
        utc = start.convert_to_zone(ICalGLib.Timezone.get_utc_timezone())
        expected = datetime.fromisoformat(bookings[booking][0]).replace(tzinfo=ZoneInfo("Europe/Oslo"))
        got = datetime(utc.get_year(), utc.get_month(), utc.get_day(), utc.get_hour(), utc.get_minute(),
                       tzinfo=timezone.utc)
        if got != expected:
            wrong_times.append(uid)
        event = calendar.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)

    tap(len(uids) == len(bookings), "every booking is an event", f"{len(uids)} of {len(bookings)}")
    tap(len(set(uids)) == len(uids), "the UIDs are unique")
    tap(not wrong_times, "each start is the booking's clinic time, summer and winter",
        ", ".join(wrong_times[:3]))
    tap(not [n for n in names if len(n) > 2 and n in text], "no patient's name or identity number")

print(f"1..{number}")
sys.exit(1 if failures else 0)
