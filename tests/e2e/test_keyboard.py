#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end by keyboard only: each user's day, in English and Bokmål, with
keys pressed through the X server as a user presses them, read back through
the accessibility tree. Every control the focus lands on must have a name
a screen reader can say.

- the coordinator registers a referral (Ctrl+N, typed fields, Ctrl+S);
- the physician finds a patient in preparation and opens the eligibility
  assessment from the Preparation area;
- the nurse records a reading on the bedside screen that reopened;
- the psychologist writes the note of a session just held;
- the clinic lead opens the audit log from the main menu (F10)."""

import datetime
import getpass
import os
import sqlite3
import subprocess
import tempfile

from lysning_e2e import (  # noqa: E402
    BINARY, Keyboard, app_environment, die_with_parent, find_app, find_window, finish, pump,
    seed_running_infusion, stop, tap, until)
from lysning_e2e import walk as descendants  # noqa: E402


def seed(path, role, lead=False):
    """The demo clinic with this account as @role; returns a patient in
    preparation and one in induction with a session held an hour ago and no
    note yet, by name"""
    subprocess.run([BINARY, "--database=" + path, "--seed-demo"], check=True, stdout=subprocess.DEVNULL)
    db = sqlite3.connect(path)
    db.execute("UPDATE staff SET role = ?, lead = ? WHERE username = ?", (role, int(lead), getpass.getuser()))
    name = "SELECT given_name || ' ' || family_name FROM patients WHERE id = ?"
    preparing = db.execute("SELECT patient_id FROM courses WHERE phase = 'preparation' ORDER BY id LIMIT 1").fetchone()[0]
    course, treated = db.execute("SELECT id, patient_id FROM courses WHERE phase = 'induction' "
                                 "ORDER BY id LIMIT 1").fetchone()
    now = datetime.datetime.now().replace(microsecond=0)
    held = db.execute("INSERT INTO appointments (kind, state, course_id, starts_at, ends_at) "
                      "VALUES ('integration', 'planned', ?, ?, ?)",
                      (course, str(now - datetime.timedelta(hours=2)), str(now - datetime.timedelta(hours=1))))
    db.execute("INSERT INTO appointment_patients VALUES (?, ?)", (held.lastrowid, treated))
    names = (db.execute(name, (preparing,)).fetchone()[0], db.execute(name, (treated,)).fetchone()[0])
    db.commit()
    db.close()
    return names


def window_of(app, patient, timeout=10):
    """The window other than the main one that names @patient"""
    found = []

    def look():
        for i in range(app.get_child_count()):
            child = app.get_child_at_index(i)
            if child is not None and patient in (child.get_name() or "") and child.get_name() != "Lysning":
                found.append(child)
                return True
        return False
    return found[0] if until(look, timeout) else None


def count(path, sql, *parameters):
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, parameters).fetchone()[0]
    finally:
        db.close()


class Day:
    """One user's session: the app started on their clinic, the keyboard"""

    def __init__(self, language, role, lead=False, infusion=False):
        self.language = language
        self.data = tempfile.mkdtemp(prefix="lysning-e2e-")
        self.path = os.path.join(self.data, "clinic.db")
        if infusion:
            seed_running_infusion(self.path)
            self.patients = (None, seed_running_infusion.patient_name)
        else:
            self.patients = seed(self.path, role, lead)
        self.process = subprocess.Popen([BINARY, "--database=" + self.path],
                                        env=app_environment(language, self.data), preexec_fn=die_with_parent)
        self.app = find_app(self.process.pid)
        self.keyboard = Keyboard()
        # The window takes the keyboard once it is shown
        self.main = find_window(self.app, "Lysning", timeout=15) if self.app else None
        pump(2)

    def check(self, ok, what, detail=""):
        tap(ok, f"[{self.language}] {what}", detail)
        return ok

    def open_patient(self, name):
        """Ctrl+F, the name typed, Enter: the first match opens"""
        self.keyboard.press("f", "ctrl")
        self.keyboard.type(name)
        self.keyboard.press("Return", wait=1)

    def done(self, who):
        unnamed = self.keyboard.unnamed
        self.check(not unnamed, f"every control the {who}'s keyboard reached has a name", ", ".join(unnamed))
        self.keyboard.close()
        stop(self.process, self.data)


def coordinator(language, names):
    day = Day(language, "coordinator")
    if not day.check(day.main is not None, "the coordinator's window opens"):
        return day.done("coordinator")
    day.keyboard.press("n", "ctrl", wait=1)
    editor = find_window(day.app, names["new_patient"])
    day.check(editor is not None, "Ctrl+N opens the new-patient editor", names["new_patient"])
    # The identity number has the focus; Tab goes field by field. (GTK 4.8
    # does not tell the accessibility bus where the focus is inside an entry
    # row: what was typed where shows it.)
    for i, value in enumerate(("15046600344", "Åse", "Aabø")):
        if i > 0:
            day.keyboard.press("Tab", wait=0.2)
        day.keyboard.type(value)
    day.keyboard.press("s", "ctrl", wait=1.5)
    day.check(until(lambda: count(day.path, "SELECT count (*) FROM patients WHERE national_id = '15046600344' "
                                  "AND given_name = 'Åse' AND family_name = 'Aabø'") == 1),
              "Ctrl+S registers the patient as typed")
    # The keyboard shortcuts, built when first asked for
    day.keyboard.press("question", "ctrl", "shift", wait=1.5)
    shortcuts = find_window(day.app, names["shortcuts"])
    # Ctrl+Q is the application's, not written in the window's file
    day.check(shortcuts is not None, "Ctrl+? shows the keyboard shortcuts")
    day.check(shortcuts is not None and until(lambda: any(node.get_name() == "Q" for node in descendants(shortcuts))),
              "the shortcuts show the application's keys")
    day.keyboard.press("Escape", wait=1)
    day.check(until(lambda: find_window(day.app, names["shortcuts"], timeout=0.5) is None), "Escape closes them")
    day.done("coordinator")


def physician(language, names):
    day = Day(language, "physician")
    if not day.check(day.main is not None, "the physician's window opens"):
        return day.done("physician")
    preparing = day.patients[0]
    day.open_patient(preparing)
    day.keyboard.press("1", "alt", wait=1)
    day.check(day.keyboard.tab_to("push button", names["assess"]), "Tab reaches the eligibility assessment",
              names["assess"])
    day.keyboard.press("Return", wait=1.5)
    window = find_window(day.app, names["eligibility"])
    day.check(window is not None and preparing in window.get_name(),
              "Enter opens the assessment of the patient chosen", window.get_name() if window else "")
    if window is not None:
        reached = []
        for _ in range(12):
            day.keyboard.press("Tab", wait=0.15)
            reached.append(day.keyboard.focused()[1])
        day.check(len(set(reached)) > 6, "Tab moves through the assessment's fields", " | ".join(reached[:6]))
        day.keyboard.press("Escape", wait=1)
        day.check(until(lambda: find_window(day.app, names["eligibility"], timeout=0.5) is None),
                  "Escape closes it, nothing typed")
    day.done("physician")


def nurse(language, names):
    day = Day(language, "nurse", infusion=True)
    bedside = find_window(day.app, names["infusion"], timeout=15) if day.app else None
    if not day.check(bedside is not None, "the bedside screen reopens on its own"):
        return day.done("nurse")
    # The systolic field has the focus: a value, Tab, the next
    for i, value in enumerate(("131", "83", "75", "96")):
        if i > 0:
            day.keyboard.press("Tab", wait=0.2)
            day.check(day.keyboard.focused()[1] == names["vitals"][i], f"Tab moves on to {names['vitals'][i]}",
                      day.keyboard.focused()[1])
        day.keyboard.type(value)
    day.check(day.keyboard.tab_to("push button", names["record"], most=6), "Tab reaches Record", names["record"])
    day.keyboard.press("space", wait=1)
    day.check(until(lambda: count(day.path, "SELECT count (*) FROM vitals WHERE infusion_id = ? AND systolic = 131 "
                                  "AND diastolic = 83 AND heart_rate = 75 AND spo2 = 96 AND stage = 'during'",
                                  seed_running_infusion.infusion_id) == 1),
              "the reading is stored as typed")
    day.done("nurse")


def psychologist(language, names):
    day = Day(language, "psychologist")
    if not day.check(day.main is not None, "the psychologist's window opens"):
        return day.done("psychologist")
    treated = day.patients[1]
    day.open_patient(treated)
    day.keyboard.press("4", "alt", wait=1)
    day.check(day.keyboard.tab_to("push button", names["new_note"]), "Tab reaches New Note", names["new_note"])
    day.keyboard.press("Return", wait=1)
    # The dialog asks which session: Enter opens the list, the session just
    # held first; Enter takes it, Tab goes to Write Note
    day.keyboard.press("Return", wait=0.5)
    day.check(day.keyboard.focused()[0] == "list item" and names["integration"] in day.keyboard.focused()[1],
              "the session list opens on the session just held", day.keyboard.focused()[1])
    day.keyboard.press("Return", wait=0.5)
    day.check(day.keyboard.tab_to("push button", names["write"], most=6), "Tab reaches Write Note", names["write"])
    day.keyboard.press("space", wait=2)
    note = window_of(day.app, treated)
    day.check(note is not None, "the note of the patient's session opens", note.get_name() if note else "")
    if note is not None:
        day.keyboard.type("Rolig etter timen")
        day.check(until(lambda: count(day.path, "SELECT count (*) FROM notes WHERE body LIKE '%Rolig etter timen%'") == 1,
                        timeout=10),
                  "what is typed is kept as the draft")
    day.done("psychologist")


def lead(language, names):
    day = Day(language, "physician", lead=True)
    if not day.check(day.main is not None, "the clinic lead's window opens"):
        return day.done("clinic lead")
    day.keyboard.press("F10", wait=1)
    day.check(day.keyboard.tab_to("menu item", names["audit_item"], most=25) or
              day.keyboard.focused()[1] == names["audit_item"],
              "F10 opens the main menu, and the keyboard reaches the audit log", day.keyboard.focused()[1])
    day.keyboard.press("Return", wait=1.5)
    audit = find_window(day.app, names["audit"])
    day.check(audit is not None, "Enter opens the audit log", names["audit"])
    if audit is not None:
        for _ in range(8):
            day.keyboard.press("Tab", wait=0.15)
        day.keyboard.press("Escape", wait=1)
        day.check(until(lambda: find_window(day.app, names["audit"], timeout=0.5) is None), "Escape closes it")
    day.done("clinic lead")


english = {
    "new_patient": "New Patient",
    "number": "Identity number (11 digits)",
    "given": "Given name",
    "family": "Family name",
    "assess": "Assess…",
    "eligibility": "Eligibility Assessment",
    "infusion": "Infusion",
    "vitals": ["Systolic", "Diastolic", "Pulse", "SpO₂ (%)"],
    "record": "Record",
    "new_note": "New Note…",
    "integration": "Integration session",
    "write": "Write Note",
    "audit_item": "Audit Log…",
    "audit": "Audit Log",
    "shortcuts": "Keyboard Shortcuts",
}
norwegian = {
    "new_patient": "Ny pasient",
    "number": "Identitetsnummer (11 sifre)",
    "given": "Fornavn",
    "family": "Etternavn",
    "assess": "Vurder …",
    "eligibility": "Vurdering av egnethet",
    "infusion": "Infusjon",
    "vitals": ["Systolisk", "Diastolisk", "Puls", "SpO₂ (%)"],
    "record": "Registrer",
    "new_note": "Nytt notat …",
    "integration": "Integrasjonssamtale",
    "write": "Skriv notat",
    "audit_item": "Tilgangslogg …",
    "audit": "Tilgangslogg",
    "shortcuts": "Tastatursnarveier",
}

print("TAP version 13")
for language, names in (("en", english), ("nb", norwegian)):
    for walk in (coordinator, physician, nurse, psychologist, lead):
        walk(language, names)
finish()
