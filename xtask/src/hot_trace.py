# Run by `cargo xtask hot-code` (xtask/src/hot.rs) as
#   OUT=FILE gdb -q -batch -x hot_trace.py --args BINARY ARGS...
# Writes to FILE the functions BINARY runs, one a line, in the order each
# is first entered: every function symbol gets a breakpoint that removes
# itself once hit, so the program runs natively (the C library picks its
# string functions for this processor) and each function stops it once.
import os
import subprocess

import gdb

binary = gdb.current_progspace().filename
symbols = {}
nm = subprocess.run(["nm", "-S", binary], capture_output=True, text=True, check=True)
for line in nm.stdout.splitlines():
    parts = line.split()
    if len(parts) == 4 and parts[2] in "tTwW" and int(parts[1], 16) > 0:
        symbols.setdefault(int(parts[0], 16), parts[3])

gdb.execute("set pagination off")
gdb.execute("set confirm off")
gdb.execute("set breakpoint always-inserted on")
gdb.execute("starti", to_string=True)
pid = gdb.selected_inferior().pid
base = None
with open(f"/proc/{pid}/maps") as maps:
    for line in maps:
        parts = line.split()
        if (
            len(parts) >= 6
            and int(parts[2], 16) == 0
            and os.path.realpath(parts[5]) == os.path.realpath(binary)
        ):
            base = int(parts[0].split("-")[0], 16)
            break
if base is None:
    raise SystemExit(f"{binary} is not mapped")
# A position-dependent executable (ELF type 2, ET_EXEC) is mapped where
# its symbols say: their addresses are already absolute.
with open(binary, "rb") as elf:
    elf.seek(16)
    if int.from_bytes(elf.read(2), "little") == 2:
        base = 0

entered = []
# The first instruction has run no breakpoint: it is the entry point's.
start = int(gdb.parse_and_eval("$pc")) - base
if start in symbols:
    entered.append(symbols.pop(start))
names = {}
for address, name in symbols.items():
    point = gdb.Breakpoint(f"*{base + address:#x}", internal=True, temporary=True)
    point.silent = True
    names[point.number] = name


def on_stop(event):
    if isinstance(event, gdb.BreakpointEvent):
        for point in event.breakpoints:
            if point.number in names:
                entered.append(names[point.number])


gdb.events.stop.connect(on_stop)
while gdb.selected_inferior().pid:
    try:
        gdb.execute("continue", to_string=True)
    except gdb.error:
        break

with open(os.environ["OUT"], "w") as out:
    out.writelines(name + "\n" for name in entered)
