#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end: start Lysning on the demo clinic and drive it through the
accessibility tree, as a screen-reader user would: find the patient search,
the patient list and the four work areas by role and name, switch areas,
open the main menu, register a patient and see the preparation checklist;
and start it again on a clinic whose infusion was under way, find the
bedside screen reopened and record a reading on it, then open the registry
export from the main menu and see what the file will hold, and the ketamine
record with its lots and differences. Runs in Norwegian and in English."""

import datetime
import os
import sqlite3
import subprocess
import tempfile
import time

from lysning_e2e import (  # noqa: E402
    Atspi, BINARY, app_environment, click, die_with_parent, find, find_app, find_window,
    finish, seed_running_infusion, showing, stop, tap, until)


def run(language, names):
    data = tempfile.mkdtemp(prefix="lysning-e2e-")
    env = app_environment(language, data)
    process = subprocess.Popen([BINARY, "--demo"], env=env, preexec_fn=die_with_parent)
    try:
        app = find_app(process.pid)
        tap(app is not None, f"[{language}] the app is on the accessibility bus")
        if app is None:
            return

        window = find(app, "frame", "Lysning")
        tap(window is not None, f"[{language}] the main window is named Lysning")

        search = find(app, "text", names["search"], timeout=5) or find(app, "entry", names["search"], timeout=5)
        tap(search is not None, f"[{language}] the patient search has a name", names["search"])

        patients = find(app, "list", names["list"])
        count = patients.get_child_count() if patients else 0
        tap(count > 0, f"[{language}] the patient list shows the demo patients", f"{count} rows")
        # Each row is read as one: the patient's name, birth date and phase
        first = patients.get_child_at_index(0) if count else None
        first_name = first.get_name() if first else ""
        tap(bool(first_name) and names["born"] in first_name,
            f"[{language}] a patient row says whose it is", first_name)
        # Whatever locales the machine has
        if language == "nb":
            english_months = ("January", "February", "March", "April", "May", "June", "July", "August",
                              "September", "October", "November", "December")
            tap(not any(month in first_name for month in english_months),
                f"[{language}] the birth date is written in Norwegian", first_name)

        for area, heading in names["areas"]:
            tab = find(app, "page tab", area, timeout=3)
            ok = tab is not None
            if ok:
                click(tab)
                ok = until(lambda: tab.get_state_set().contains(Atspi.StateType.SELECTED)) and \
                    showing(app, heading, timeout=10)
            tap(ok, f"[{language}] the area '{area}' opens", heading)

        # Typing into the search narrows the list; nonsense finds nothing
        editable = search.get_editable_text_iface() if search else None
        if editable is not None:
            editable.set_text_contents("zzzz")
            tap(showing(app, names["no_results"]), f"[{language}] a search without matches says so")
            editable.set_text_contents("")
        else:
            tap(False, f"[{language}] the search field takes text")

        # Register a referral through the editor, as a keyboard user would
        new = find(app, "push button", names["new"], timeout=3)
        tap(new is not None, f"[{language}] the new-patient button has a name", names["new"])
        if new is not None:
            click(new)
            # Search the editor's own window: the whole app is slow to walk
            editor = find_window(app, names["editor"])
            tap(editor is not None, f"[{language}] the editor opens as its own window", names["editor"])
            fields = {}
            for key in ("number", "given", "family"):
                fields[key] = find(editor or app, "text", names[key], timeout=10)
            tap(all(fields.values()), f"[{language}] the editor's fields have names",
                ", ".join(k for k, v in fields.items() if v is None))
            if all(fields.values()):
                fields["number"].get_editable_text_iface().set_text_contents(names["number_value"])
                fields["given"].get_editable_text_iface().set_text_contents("Åse")
                fields["family"].get_editable_text_iface().set_text_contents("Aabø")
                save = find(editor or app, "push button", names["save"], timeout=3)
                if save is not None:
                    click(save)
                tap(showing(app, names["gates"], timeout=8),
                    f"[{language}] the new patient is shown with what stands before the first infusion",
                    names["gates"])
                tap(showing(app, names["missing"], timeout=3),
                    f"[{language}] the checklist says what is missing", names["missing"])
                if os.environ.get("LYSNING_E2E_SCREENSHOT"):
                    subprocess.run(["import", "-window", "root",
                                    os.environ["LYSNING_E2E_SCREENSHOT"] + f"-{language}.png"])

        menu = find(app, "push button", names["menu"], timeout=3)
        tap(menu is not None, f"[{language}] the main menu button has a name", names["menu"])

        # The database is the demo one, never the default; and owner-only
        demo_db = os.path.join(data, "lysning", "demo.db")
        tap(os.path.exists(demo_db) and (os.stat(demo_db).st_mode & 0o777) == 0o600,
            f"[{language}] the demo clinic lives in its own owner-only file")
        tap(not os.path.exists(os.path.join(data, "lysning", "lysning.db")),
            f"[{language}] the real database was not touched")
    finally:
        stop(process, data)


def run_infusion(language, names):
    data = tempfile.mkdtemp(prefix="lysning-e2e-")
    env = app_environment(language, data)
    path = os.path.join(data, "clinic.db")
    seed_running_infusion(path)
    process = subprocess.Popen([BINARY, "--database=" + path], env=env, preexec_fn=die_with_parent)
    try:
        app = find_app(process.pid)
        tap(app is not None, f"[{language}] the app is on the accessibility bus again")
        if app is None:
            return

        bedside = find_window(app, names["window"], timeout=15)
        tap(bedside is not None, f"[{language}] the infusion under way reopens on its own", names["window"])
        if bedside is None:
            return
        tap(seed_running_infusion.patient_name in bedside.get_name(),
            f"[{language}] the window names the patient whose record it is", bedside.get_name())
        tap(showing(bedside, names["running"], timeout=5), f"[{language}] it is shown as running", names["running"])
        tap(showing(bedside, "40 mg", timeout=3), f"[{language}] the dose is shown", "40 mg")

        fields = [find(bedside, "text", label, timeout=5) for label in names["vitals"]]
        tap(all(fields), f"[{language}] the vital signs fields have names", ", ".join(names["vitals"]))
        if all(fields):
            for field, value in zip(fields, ("132", "84", "76", "97")):
                field.get_editable_text_iface().set_text_contents(value)
            record = find(bedside, "push button", names["record"], timeout=3)
            if record is not None:
                click(record)
            reading = "SELECT count (*) FROM vitals WHERE infusion_id = ? AND stage = 'during' AND " \
                      "systolic = 132 AND diastolic = 84 AND heart_rate = 76 AND spo2 = 97"
            stored = 0
            deadline = time.time() + 8
            while stored == 0 and time.time() < deadline:
                db = sqlite3.connect(path)
                stored = db.execute(reading, (seed_running_infusion.infusion_id,)).fetchone()[0]
                db.close()
                time.sleep(0.2)
            tap(stored == 1, f"[{language}] a reading typed on the bedside screen is stored at once")
            if os.environ.get("LYSNING_E2E_SCREENSHOT"):
                time.sleep(0.7)
                subprocess.run(["import", "-window", "root",
                                os.environ["LYSNING_E2E_SCREENSHOT"] + f"-infusion-{language}.png"])

        export_registry(app, language, names, path)
        ketamine_record(app, language, names, path)
    finally:
        stop(process, data)


def export_registry(app, language, names, path):
    """The registry export from the main menu: the window counts what the
    file of the last twelve months will hold, and Cancel closes it."""
    menu = find(app, "push button", names["menu"], timeout=3)
    if menu is not None:
        click(menu)
    item = find(app, "menu item", names["export_item"], timeout=5)
    tap(item is not None, f"[{language}] the main menu offers the registry export", names["export_item"])
    if item is None:
        return
    click(item)
    window = find_window(app, names["export_window"], timeout=10)
    tap(window is not None, f"[{language}] the registry export opens as its own window", names["export_window"])
    if window is None:
        return

    # The twelve months up to today, as the window chooses them: from the
    # day after today a year back, and 28 February where that is 29 February
    today = datetime.date.today()
    after = today + datetime.timedelta(days=1)
    first = after.replace(year=after.year - 1, day=28 if (after.month, after.day) == (2, 29) else after.day)
    db = sqlite3.connect(path)
    expected = db.execute("SELECT count (*) FROM patients p WHERE registry_opt_out = 0 AND EXISTS "
                          "(SELECT 1 FROM courses c WHERE c.patient_id = p.id AND c.started_on <= ? AND "
                          "(c.ended_on IS NULL OR c.ended_on >= ?))", (today.isoformat(), first.isoformat())).fetchone()[0]
    db.close()
    tap(showing(window, names["will_hold"], timeout=5) and showing(window, str(expected), timeout=8),
        f"[{language}] it shows how many patients the file will hold", f"{expected}")
    export = find(window, "push button", names["export"], timeout=3)
    tap(export is not None, f"[{language}] the export button has a name", names["export"])

    cancel = find(window, "push button", names["cancel"], timeout=3)
    if cancel is not None:
        click(cancel)
    tap(cancel is not None and _gone(app, names["export_window"]), f"[{language}] Cancel closes it")


def ketamine_record(app, language, names, path):
    """The ketamine record from the main menu, for this nurse: the lots in
    the cabinet with their balance, and the tab of differences."""
    menu = find(app, "push button", names["menu"], timeout=3)
    if menu is not None:
        click(menu)
    item = find(app, "menu item", names["drug_item"], timeout=5)
    tap(item is not None, f"[{language}] the main menu offers the ketamine record", names["drug_item"])
    if item is None:
        return
    click(item)
    window = find_window(app, names["drug_window"], timeout=10)
    tap(window is not None, f"[{language}] the ketamine record opens as its own window", names["drug_window"])
    if window is None:
        return
    db = sqlite3.connect(path)
    lot = db.execute("SELECT l.lot_number FROM drug_lots l WHERE (SELECT sum (units) FROM drug_entries "
                     "WHERE lot_id = l.id) > 0 ORDER BY l.expires_on LIMIT 1").fetchone()[0]
    db.close()
    tap(showing(window, names["drug_lots"], timeout=5) and showing(window, lot, timeout=5),
        f"[{language}] it lists the lots in the cabinet", lot)
    tab = find(window, "page tab", names["drug_differences"], timeout=3) or \
        find(window, "radio button", names["drug_differences"], timeout=3) or \
        find(window, "toggle button", names["drug_differences"], timeout=3)
    tap(tab is not None, f"[{language}] the differences have a tab of their own", names["drug_differences"])
    if tab is not None:
        click(tab)
        tap(showing(window, names["drug_open"], timeout=5), f"[{language}] the open differences are shown",
            names["drug_open"])
    if os.environ.get("LYSNING_E2E_SCREENSHOT"):
        time.sleep(0.7)
        subprocess.run(["import", "-window", "root",
                        os.environ["LYSNING_E2E_SCREENSHOT"] + f"-drugs-{language}.png"])


def _gone(app, name, timeout=5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if all((app.get_child_at_index(i) is None or app.get_child_at_index(i).get_name() != name)
               for i in range(app.get_child_count())):
            return True
        time.sleep(0.2)
    return False


english = {
    "search": "Search patients",
    "list": "Patient list",
    "areas": [("Infusion Schedule", "Bookings by room and day"),
              ("Induction Plan", "Choose a patient in the list to see the infusions of their course."),
              ("Integration Notes", "Choose a patient in the list to see and write their notes, or search all notes above."),
              ("Outcomes", "Choose a patient in the list to see their ratings over time and enter new ones."),
              ("Follow-Up Due", "Follow-up due"),
              ("Preparation", "Choose a patient in the list to see their details and treatment phase.")],
    "menu": "Main menu",
    "no_results": "No Results Found",
    "new": "New patient",
    "editor": "New Patient",
    "number": "Identity number (11 digits)",
    "given": "Given name",
    "family": "Family name",
    "number_value": "15046600344",
    "save": "Save",
    "gates": "Before the First Infusion",
    "missing": "Missing: a physician’s eligibility assessment",
    "window": "Infusion",
    "born": "Born",
    "running": "Running",
    "vitals": ["Systolic", "Diastolic", "Pulse", "SpO₂ (%)"],
    "record": "Record",
    "export_item": "Export for Registry…",
    "export_window": "Export for Registry",
    "will_hold": "The File Will Hold",
    "export": "Export…",
    "cancel": "Cancel",
    "drug_item": "Ketamine Record…",
    "drug_window": "Ketamine Record",
    "drug_lots": "Lots in the Cabinet",
    "drug_differences": "Differences",
    "drug_open": "Open Differences",
}
norwegian = {
    "search": "Søk etter pasienter",
    "list": "Pasientliste",
    "areas": [("Infusjonskalender", "Avtaler etter rom og dag"),
              ("Induksjonsplan", "Velg en pasient i listen for å se infusjonene i forløpet."),
              ("Integrasjonsnotater", "Velg en pasient i listen for å se og skrive notatene, eller søk i alle notater over."),
              ("Resultater", "Velg en pasient i listen for å se skåringene over tid og føre inn nye."),
              ("Oppfølging", "Oppfølging som venter"),
              ("Forberedelse", "Velg en pasient i listen for å se opplysningene og behandlingsfasen.")],
    "menu": "Hovedmeny",
    "no_results": "Fant ingen treff",
    "new": "Ny pasient",
    "editor": "Ny pasient",
    "number": "Identitetsnummer (11 sifre)",
    "given": "Fornavn",
    "family": "Etternavn",
    "number_value": "01015012397",
    "save": "Lagre",
    "gates": "Før første infusjon",
    "missing": "Mangler: legens egnethetsvurdering",
    "window": "Infusjon",
    "born": "Født",
    "running": "Pågår",
    "vitals": ["Systolisk", "Diastolisk", "Puls", "SpO₂ (%)"],
    "record": "Registrer",
    "export_item": "Eksporter til register …",
    "export_window": "Eksporter til register",
    "will_hold": "Filen vil inneholde",
    "export": "Eksporter …",
    "cancel": "Avbryt",
    "drug_item": "Narkotikaregnskap …",
    "drug_window": "Narkotikaregnskap",
    "drug_lots": "Batcher i skapet",
    "drug_differences": "Avvik",
    "drug_open": "Åpne avvik",
}

print("TAP version 13")
run("en", english)
run("nb", norwegian)
run_infusion("en", english)
run_infusion("nb", norwegian)
finish()
