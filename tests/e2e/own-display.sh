#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# own-display.sh COMMAND...: runs an end-to-end test on an X display and a
# session bus of its own. The keys it presses go to its own windows, and the
# accessibility registry that presses them (started on the test's bus, on
# its display) is its own: the test can run beside the other tests.
set -eu

fifo=$(mktemp -u "${TMPDIR:-/tmp}/lysning-e2e-xvfb.XXXXXX")
mkfifo "$fifo"
# -noreset: without it the server starts anew whenever its last client
# leaves, and refuses whoever connects meanwhile; the accessibility bus
# launcher is such a client, as the app starts
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset 3>"$fifo" >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true; rm -f "$fifo"' EXIT
display=
read -r display <"$fifo" || true
rm -f "$fifo"
if [ -z "$display" ] || ! kill -0 "$xvfb" 2>/dev/null; then
  echo "own-display.sh: Xvfb did not start" >&2
  exit 1
fi

status=0
env -u WAYLAND_DISPLAY DISPLAY=":$display" GDK_BACKEND=x11 dbus-run-session -- "$@" || status=$?
exit "$status"
