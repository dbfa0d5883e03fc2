#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end on a clinic server: two Lysning processes, each signed in as
its own staff member, driven through the accessibility tree.

- the coordinator plans and books a patient's infusions in the Induction
  area; the psychologist's week view, open at another desk, shows them
  within a second, without being asked to;
- the psychologist writes the note of a session held with the patient and
  signs it;
- the coordinator's window shows not a word of it, and the server refuses
  the note's text to the coordinator's own login in psql.

Runs against the server that libpq's PGHOST, PGPORT and PGUSER name, as the
suite's other server tests do (build-aux/dev test runs them in a throwaway
cluster); it is skipped without one."""

import datetime
import os
import subprocess
import sys
import tempfile
import time

from lysning_e2e import (  # noqa: E402
    Atspi, BINARY, GLib, app_environment, click, die_with_parent, find, find_app, find_window,
    finish, name_of, stop, tap, until, walk)

PASSWORD = "desk-e2e"
COORDINATOR = "ane.e2e"
PSYCHOLOGIST = "ola.e2e"
# Written into the note, looked for everywhere the coordinator can look
SECRET = "Drømte om moren sin"
# What the coordinator's Integration Notes area says instead
COORDINATOR_SEES = "Therapy notes are read and written by clinicians only."


def psql(database, sql, login=None, check=True):
    """@sql run by psql on @database, as the administrator or as @login with
    their own password; its output, one row a line, columns by |"""
    env = dict(os.environ)
    command = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database, "-c", sql]
    if login is not None:
        env["PGUSER"] = login
        env["PGPASSWORD"] = PASSWORD
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"psql: {result.stderr.strip()}")
    return result


def lysning(*arguments):
    subprocess.run([BINARY, *arguments], check=True, stdout=subprocess.DEVNULL)


def set_up(database):
    """The clinic on the server: set up for a team, a demo clinic in it, the
    two staff members' logins. Returns the patient to plan, by id and name."""
    psql("postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    psql("postgres", f"CREATE DATABASE {database}")
    lysning(f"--init-server=postgresql://{os.environ.get('PGUSER', 'postgres')}@/{database}")
    lysning(f"--database=postgresql:///{database}", "--seed-demo=30")
    lysning(f"--database=postgresql:///{database}", f"--add-staff={COORDINATOR}", "--role=coordinator")
    lysning(f"--database=postgresql:///{database}", f"--add-staff={PSYCHOLOGIST}", "--role=psychologist")
    psql(database, f"ALTER ROLE \"{COORDINATOR}\" PASSWORD '{PASSWORD}'; "
                   f"ALTER ROLE \"{PSYCHOLOGIST}\" PASSWORD '{PASSWORD}'")
    # A patient in induction with no infusion booked yet
    row = psql(database, "SELECT p.id, p.given_name || ' ' || p.family_name, c.id FROM courses c "
                         "JOIN patients p ON p.id = c.patient_id WHERE c.phase = 'induction' AND NOT EXISTS "
                         "(SELECT 1 FROM appointments a WHERE a.course_id = c.id AND a.kind = 'infusion') "
                         "ORDER BY c.id LIMIT 1").stdout.strip()
    patient, name, course = row.split("|")
    # The psychologist held an integration session with the patient an hour
    # ago: its note is theirs to write
    now = datetime.datetime.now().replace(microsecond=0)
    psql(database, "WITH a AS (INSERT INTO appointments (kind, state, course_id, starts_at, ends_at) "
                   f"VALUES ('integration', 'planned', {course}, '{now - datetime.timedelta(hours=2)}', "
                   f"'{now - datetime.timedelta(hours=1)}') RETURNING id), "
                   f"p AS (INSERT INTO appointment_patients SELECT id, {patient} FROM a) "
                   "INSERT INTO appointment_staff (appointment_id, staff_id, task) "
                   f"SELECT a.id, s.id, 'therapist' FROM a, staff s WHERE s.username = '{PSYCHOLOGIST}'")
    return int(patient), name


class Desk:
    """A workstation: Lysning started as @login on the clinic's server"""

    def __init__(self, database, login):
        self.data = tempfile.mkdtemp(prefix="lysning-e2e-")
        env = app_environment("en", self.data)
        env["PGPASSWORD"] = PASSWORD
        self.process = subprocess.Popen([BINARY, f"--database=postgresql://{login}@/{database}"],
                                        env=env, preexec_fn=die_with_parent)
        self.app = find_app(self.process.pid)
        self.main = find_window(self.app, "Lysning", timeout=20) if self.app else None

    def area(self, name):
        tab = find(self.app, "page tab", name, timeout=5)
        if tab is None:
            return False
        click(tab)
        return until(lambda: tab.get_state_set().contains(Atspi.StateType.SELECTED))

    def choose_patient(self, name):
        """The patient found by name in the list and chosen"""
        search = find(self.main, "text", "Search patients", timeout=5) or find(self.main, "entry", "Search patients")
        if search is None:
            return False
        search.set_text_contents(name)
        patients = find(self.main, "list", "Patient list", timeout=5)
        if patients is None or not until(lambda: patients.get_child_count() == 1, timeout=5):
            return False
        row = patients.get_child_at_index(0)
        if not (row.get_name() or "").startswith(name):
            return False
        patients.select_child(0)
        return until(lambda: row.get_state_set().contains(Atspi.StateType.SELECTED))

    def open(self, name, area, button, title):
        """The window titled @title, opened by @button in @area once the
        patient @name is chosen"""
        ready = self.choose_patient(name) and self.area(area)
        pressed = find(self.main, "push button", button, timeout=5) if ready else None
        if pressed is None:
            return None
        click(pressed)
        return window_named(self.app, title)

    def close(self):
        stop(self.process, self.data)


def main():
    if os.environ.get("LYSNING_TEST_ENGINE") != "postgresql":
        print("needs a PostgreSQL server: meson test --setup postgresql")
        sys.exit(77)
    print("TAP version 13")
    database = f"lysning_e2e_{os.getpid()}"
    patient, name = set_up(database)
    coordinator = psychologist = None
    try:
        coordinator = Desk(database, COORDINATOR)
        tap(coordinator.main is not None, "the coordinator's window opens on the server")
        psychologist = Desk(database, PSYCHOLOGIST)
        tap(psychologist.main is not None, "the psychologist's window opens on the server, at another desk")
        if coordinator.main is None or psychologist.main is None:
            return
        book_infusions(coordinator, psychologist, patient, name, database)
        write_and_sign(psychologist, name, database)
        coordinator_cannot_read(coordinator, name, database)
    finally:
        for desk in (coordinator, psychologist):
            if desk is not None:
                desk.close()
        psql("postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)", check=False)
        finish()


def window_named(app, title, timeout=10):
    """The window of @app whose title begins with @title"""
    found = []

    def look():
        for i in range(app.get_child_count()):
            child = app.get_child_at_index(i)
            if child is not None and (child.get_name() or "").startswith(title):
                found.append(child)
                return True
        return False
    return found[0] if until(look, timeout) else None


def texts(node):
    """Everything the tree under @node says: names, descriptions, text"""
    for each in walk(node):
        try:
            yield each.get_name() or ""
            yield each.get_description() or ""
            if each.get_role_name() in ("text", "entry", "label"):
                yield each.get_text(0, each.get_character_count()) or ""
        except GLib.Error:
            continue


def says(node, words):
    """Whether something under @node says @words"""
    return any(words in text for text in texts(node))


def next_monday():
    today = datetime.date.today()
    return today + datetime.timedelta(days=7 - today.weekday())


def book_infusions(coordinator, psychologist, patient, name, database):
    """The coordinator plans the patient's infusions from next Monday and
    books them; the psychologist's week, open on next week, shows them"""
    first = next_monday()
    # The psychologist's desk shows next week's bookings, before they exist
    ok = psychologist.area("Infusion Schedule")
    later = find(psychologist.main, "push button", "Next", timeout=5)
    if later is not None:
        click(later)
    week = find(psychologist.main, "panel", "Bookings by room and day", timeout=5) or \
        find(psychologist.main, "table", "Bookings by room and day", timeout=5)
    tap(ok and later is not None and week is not None, "the psychologist's desk shows next week's schedule")
    if week is None:
        return
    mine = f"Infusion, {name}, "

    def shown():
        return [n for n in walk(week) if n.get_role_name() == "push button" and (n.get_name() or "").startswith(mine)]
    tap(not shown(), "nothing of the patient's is booked that week yet")

    window = coordinator.open(name, "Induction Plan", "Plan Infusions…", "Plan Infusions")
    tap(window is not None, "the coordinator finds the patient in induction and opens the plan of infusions", name)
    if window is None:
        return
    day = find(window, "text", "First possible day", timeout=5)
    if day is not None:
        day.set_text_contents(first.strftime("%d.%m.%Y"))
        propose = find(window, "push button", "Propose Times", timeout=3)
        click(propose)
    slots = find(window, "list", "Proposed infusions", timeout=5)
    tap(slots is not None and until(lambda: slots.get_child_count() == 6, timeout=10),
        "six infusions are proposed from the first possible day", first.isoformat())
    book = find(window, "push button", "Book 6 Infusions", timeout=3)
    if book is None:
        return tap(False, "the plan can be booked")
    clicked = time.monotonic()
    click(book)
    # The psychologist's week follows within a second of the click, which
    # is before the booking is made
    seen = until(lambda: len(shown()) > 0, timeout=10)
    after = time.monotonic() - clicked
    tap(seen and after < 1.0, "the psychologist's week view shows the infusions within a second, unasked",
        f"{after * 1000:.0f} ms")
    tap(until(lambda: window_named(coordinator.app, "Plan Infusions", timeout=0.2) is None),
        "the plan's window closes once booked")
    booked = psql(database, "SELECT count (*) FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id "
                            f"WHERE p.patient_id = {patient} AND a.kind = 'infusion' AND a.state = 'planned' "
                            f"AND a.starts_at >= '{first.isoformat()}'").stdout.strip()
    tap(booked == "6", "six infusions are booked on the server", booked)


def write_and_sign(psychologist, name, database):
    """The psychologist writes the session's note and signs it"""
    dialog = psychologist.open(name, "Integration Notes", "New Note…", "New Note")
    write = find(dialog, "push button", "Write Note", timeout=5) if dialog else None
    if write is None:
        return tap(False, "the new note asks which session")
    click(write)
    note = window_named(psychologist.app, "KAP integration")
    body = find(note, "text", "Note", timeout=5) if note else None
    tap(body is not None, "the note of the session opens", note.get_name() if note else "")
    if body is None:
        return
    text = body.get_text(0, body.get_character_count())
    # Every section written: the template's headings as they are, a line
    # under each
    headings = [line for line in text.split("\n") if line]
    words = {heading: f"{SECRET}, skrevet under {heading.lower()}." for heading in headings}
    body.set_text_contents("\n".join(f"{heading}\n{words[heading]}\n" for heading in headings))
    saved = until(lambda: psql(database, "SELECT count (*) FROM notes WHERE body LIKE '%" + SECRET +
                               "%' AND status = 'draft'").stdout.strip() == "1", timeout=10)
    tap(saved, "what is written is saved as the draft")
    sign = find(note, "push button", "Sign…", timeout=3)
    if sign is None:
        return tap(False, "the note can be signed")
    click(sign)
    confirm = window_named(psychologist.app, "Sign", timeout=5)
    button = None
    for candidate in (confirm, note, psychologist.app):
        if candidate is not None and button is None:
            button = next((n for n in walk(candidate) if n.get_role_name() == "push button" and
                           name_of(n) == "Sign"), None)
    if button is not None:
        click(button)
    signed = until(lambda: psql(database, "SELECT count (*) FROM notes n JOIN staff s ON s.id = n.signed_by "
                                f"WHERE n.body LIKE '%{SECRET}%' AND n.status = 'signed' "
                                f"AND s.username = '{PSYCHOLOGIST}'").stdout.strip() == "1", timeout=10)
    tap(signed, "the note is signed, by the psychologist's own login")
    tap(until(lambda: says(note, "Signed by"), timeout=5) and psychologist.process.poll() is None,
        "the note's window shows it signed, and stays open to read")
    if os.environ.get("LYSNING_E2E_SCREENSHOT"):
        subprocess.run(["import", "-window", "root", os.environ["LYSNING_E2E_SCREENSHOT"] + "-signed.png"])


def coordinator_cannot_read(coordinator, name, database):
    """Not a word of the note in the coordinator's window, nor for their
    login in psql; the psychologist's login reads it"""
    tap(coordinator.area("Integration Notes"), "the coordinator opens the Integration Notes area")
    tap(until(lambda: says(coordinator.main, COORDINATOR_SEES), timeout=5),
        "the area says a coordinator sees no therapy notes", COORDINATOR_SEES)
    said = [text for text in texts(coordinator.app) if SECRET in text]
    tap(not said and coordinator.process.poll() is None, "the coordinator's window shows not a word of the note",
        said[0] if said else "")
    if os.environ.get("LYSNING_E2E_SCREENSHOT"):
        subprocess.run(["import", "-window", "root", os.environ["LYSNING_E2E_SCREENSHOT"] + "-coordinator.png"])
    refused = psql(database, "SELECT body FROM notes", login=COORDINATOR, check=False)
    tap(refused.returncode != 0 and "permission denied" in refused.stderr,
        "the server refuses the note's text to the coordinator's login in psql", refused.stderr.strip())
    searched = psql(database, "SELECT search FROM notes", login=COORDINATOR, check=False)
    tap(searched.returncode != 0 and "permission denied" in searched.stderr,
        "nor lets it search the notes' words", searched.stderr.strip())
    read = psql(database, f"SELECT count (*) FROM notes WHERE body LIKE '%{SECRET}%'", login=PSYCHOLOGIST, check=False)
    tap(read.stdout.strip() == "1", "the psychologist's own login reads it", read.stderr.strip())


main()
