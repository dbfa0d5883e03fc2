# SPDX-License-Identifier: GPL-3.0-or-later
"""What the end-to-end tests share: starting Lysning on the accessibility
bus, finding its windows and controls by role and name, clicking, and the
keyboard as a user presses it, and TAP output."""

import ctypes
import datetime
import getpass
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

# The app runs with the suite's G_DEBUG; this process must not. libatspi
# warns when it asks a window that has just closed for its tree, and a
# fatal warning here would kill the test and leave the app running.
APP_G_DEBUG = os.environ.pop("G_DEBUG", None)

import gi  # noqa: E402
gi.require_version("Atspi", "2.0")
gi.require_version("Gdk", "4.0")
from gi.repository import Atspi, Gdk, GLib  # noqa: E402

BINARY = sys.argv[1]
NB_LOCALE = "nb_no.utf8" in subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower().split()

class Tap:
    failures = 0
    number = 0


def tap(ok, name, detail=""):
    Tap.number += 1
    print(("ok" if ok else "not ok"), Tap.number, "-", name, ("# " + detail) if detail else "")
    sys.stdout.flush()
    if not ok:
        Tap.failures += 1


def finish():
    print(f"1..{Tap.number}")
    sys.exit(1 if Tap.failures else 0)


def find_app(pid, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_process_id() == pid:
                # Nothing cached: every question goes to the app, so that
                # the tree read is the one on screen. Clearing a cache whose
                # windows have closed crashes libatspi.
                app.set_cache_mask(Atspi.Cache.NONE)
                return app
        time.sleep(0.2)
    return None


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.get_child_count()):
        yield from walk(node.get_child_at_index(i), depth + 1)


def find(app, role, name=None, timeout=10, prefix=True):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for node in walk(app):
            try:
                if node.get_role_name() != role:
                    continue
                # GTK 4.8 names a button with a mnemonic "_Save Save"
                node_name = (node.get_name() or "").replace("_", "")
                if name is None or node_name == name or (prefix and node_name.startswith(name)):
                    return node
            except gi.repository.GLib.Error:
                continue
        time.sleep(0.2)
    return None


def showing(app, name, timeout=5):
    # GTK 4.8 does not set SHOWING, and keeps hidden stack pages in the tree
    # as VISIBLE: what is on screen has a size. The tree changes as areas
    # switch, so read it afresh each time.
    deadline = time.time() + timeout
    while time.time() < deadline:
        for node in walk(app):
            try:
                if node.get_name() != name or node.get_role_name() == "page tab":
                    continue
                extents = node.get_extents(Atspi.CoordType.WINDOW)
                if extents.width > 0 and extents.height > 0:
                    return True
            except gi.repository.GLib.Error:
                continue
        time.sleep(0.2)
    return False


def until(condition, timeout=5):
    """Whether @condition comes true within @timeout seconds: the tree
    follows the app a moment later"""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if condition():
                return True
        except gi.repository.GLib.Error:
            pass
        time.sleep(0.1)
    return False


def find_window(app, name, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for i in range(app.get_child_count()):
            child = app.get_child_at_index(i)
            # A window of a patient's record is titled "Infusion — Name"
            if child is not None and (child.get_name() == name or child.get_name().startswith(name + " ")):
                return child
        time.sleep(0.2)
    return None


def click(node):
    # A menu button has no action of its own: its inner button has
    if node.get_n_actions() == 0:
        inner = next((n for n in walk(node) if n is not node and n.get_n_actions() > 0), None)
        if inner is not None:
            node = inner
    for i in range(node.get_n_actions()):
        if node.get_action_name(i) in ("click", "activate", "press"):
            return node.do_action(i)
    return node.do_action(0)


def die_with_parent():
    # The app goes when this test goes, however it ends, so that it never
    # holds the test runner's output open.
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def app_environment(language, data):
    """The app's environment: the suite's G_DEBUG, the accessibility bus on,
    the language asked for, and a data folder of its own."""
    env = dict(os.environ)
    if APP_G_DEBUG:
        env["G_DEBUG"] = APP_G_DEBUG
    # Freed memory filled with garbage, as meson does for the other tests
    env["MALLOC_PERTURB_"] = "165"
    env.pop("GTK_A11Y", None)
    env.pop("NO_AT_BRIDGE", None)
    # Norwegian as a Norwegian desktop has it, dates included, where the
    # machine has the locale (build-aux/dev makes it)
    env["LANG"] = "nb_NO.UTF-8" if language == "nb" and NB_LOCALE else "C.UTF-8"
    env["LANGUAGE"] = language
    env["XDG_DATA_HOME"] = data
    return env


def stop(process, data):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    subprocess.run(["rm", "-rf", data])




def pump(seconds=0.3):
    """Lets the accessibility events of the last moments arrive"""
    deadline = time.time() + seconds
    context = GLib.MainContext.default()
    while time.time() < deadline:
        while context.iteration(False):
            pass
        time.sleep(0.02)


class Keyboard:
    """The keyboard as a user presses it, through the X server, and where
    the focus goes: the control it lands on, by role and name."""

    # XKB's modifier masks: Shift, Control, Alt
    MASKS = {"shift": 1 << 0, "ctrl": 1 << 2, "alt": 1 << 3}

    def __init__(self):
        self.focus = None
        self.unnamed = []
        self.listener = Atspi.EventListener.new(self._on_focus)
        self.listener.register("object:state-changed:focused")

    def _on_focus(self, event):
        if event.detail1 == 1:
            self.focus = event.source

    def close(self):
        self.listener.deregister("object:state-changed:focused")

    def focused(self):
        """The role and name of the control with the focus"""
        try:
            if self.focus is not None:
                return self.focus.get_role_name(), name_of(self.focus)
        except GLib.Error:
            pass
        return None, ""

    def press(self, key, *modifiers, wait=0.3):
        mask = 0
        for modifier in modifiers:
            mask |= self.MASKS[modifier]
        keyval = getattr(Gdk, "KEY_" + key)
        if mask:
            Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
        Atspi.generate_keyboard_event(keyval, None, Atspi.KeySynthType.PRESSRELEASE | Atspi.KeySynthType.SYM)
        if mask:
            Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
        pump(wait)
        self._check_named()

    def type(self, text):
        for character in text:
            keyval = Gdk.unicode_to_keyval(ord(character))
            Atspi.generate_keyboard_event(keyval, None, Atspi.KeySynthType.PRESSRELEASE | Atspi.KeySynthType.SYM)
        pump()

    def _check_named(self):
        role, name = self.focused()
        # GTK falls back on the type's name ("GtkImage"): no name to a user
        if role is not None and (not name.strip() or re.fullmatch(r"(Gtk|Adw)[A-Z]\w*", name)):
            self.unnamed.append(f"{role} {name}".strip())

    def tab_to(self, role, name, most=40):
        """Tab until the focus is on the control @name of @role; whether it
        got there. Every control passed on the way must have a name."""
        for _ in range(most):
            self.press("Tab", wait=0.15)
            focus_role, focus_name = self.focused()
            if focus_role == role and (focus_name == name or focus_name.startswith(name + " ")):
                return True
        return False


def name_of(node):
    """A control's name as a screen reader says it: GTK 4.8 names a button
    with a mnemonic "_Save Save", its label twice"""
    name = (node.get_name() or "").replace("_", "")
    half = len(name) // 2
    if len(name) % 2 == 1 and name[:half] == name[half + 1:] and name[half] == " ":
        return name[:half]
    return name


def seed_running_infusion(path):
    """A demo clinic where this account is a nurse and an infusion began ten
    minutes ago, as if the app had died mid-infusion."""
    subprocess.run([BINARY, "--database=" + path, "--seed-demo"], check=True, stdout=subprocess.DEVNULL)
    db = sqlite3.connect(path)
    now = datetime.datetime.now().replace(microsecond=0)
    stamp = lambda t: t.strftime("%Y-%m-%d %H:%M:%S")
    db.execute("UPDATE staff SET role = 'nurse' WHERE username = ?", (getpass.getuser(),))
    course, patient = db.execute(
        "SELECT c.id, c.patient_id FROM courses c WHERE c.phase = 'induction' AND c.patient_id IN "
        "(SELECT patient_id FROM consents WHERE withdrawn_on IS NULL) ORDER BY c.id LIMIT 1").fetchone()
    room = db.execute("SELECT id FROM rooms ORDER BY id LIMIT 1").fetchone()[0]
    nurse = db.execute("SELECT id FROM staff WHERE role = 'nurse' AND username IS NULL LIMIT 1").fetchone()[0]
    psychologist = db.execute("SELECT id FROM staff WHERE role = 'psychologist' AND kap_certified = 1 LIMIT 1").fetchone()[0]
    started = now - datetime.timedelta(minutes=10)
    booked = now - datetime.timedelta(minutes=15)
    cursor = db.execute("INSERT INTO appointments (kind, state, course_id, room_id, starts_at, ends_at) "
                        "VALUES ('infusion', 'done', ?, ?, ?, ?)",
                        (course, room, stamp(booked), stamp(booked + datetime.timedelta(minutes=115))))
    appointment = cursor.lastrowid
    db.execute("INSERT INTO appointment_patients VALUES (?, ?)", (appointment, patient))
    seed_running_infusion.patient_name = " ".join(db.execute(
        "SELECT given_name, family_name FROM patients WHERE id = ?", (patient,)).fetchone())
    cursor = db.execute("INSERT INTO infusions (appointment_id, status, weight_kg, dose_mg_per_kg, total_mg, "
                        "duration_minutes, lot_number, given_by, psychologist_id, started_at, updated_at) "
                        "VALUES (?, 'running', 80, 0.5, 40, 40, 'KET-E2E', ?, ?, ?, 'x')",
                        (appointment, nurse, psychologist, stamp(started)))
    # The readings a test types are looked for on this infusion only: the
    # demo's past infusions may hold the same numbers
    seed_running_infusion.infusion_id = cursor.lastrowid
    db.execute("INSERT INTO vitals (infusion_id, taken_at, stage, systolic, diastolic, heart_rate, spo2) "
               "VALUES (?, ?, 'baseline', 126, 80, 70, 98)", (cursor.lastrowid, stamp(booked)))
    db.commit()
    db.close()
