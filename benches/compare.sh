#!/usr/bin/env bash
# Times hedgelint against ripgrep searching the same phrases, in one run, on the same inputs.
#
#   benches/compare.sh [CORPUS_DIR]
#
# CORPUS_DIR defaults to ../shared/corpus/wikinews relative to the repository root. Environment:
#   RUNS=7         timed runs per tool and case (the median is reported; one untimed warm-up first)
#   BIG_MB=20      the big inputs repeat the corpus until they are this big
#   HUGE_MB=0      if > 0, also lint one file of this many MB (e.g. 1024) and report peak memory
#   SIZES_MB="11 45 180"  folder and one-file cases at these sizes (section "Sizes")
#   RECORDS_MB=80  the record stream whose peak memory is measured (record mode, JSONL)
#   PHRASES=FILE   use this phrase list instead of `hedgelint rules --phrases`
#   RG=PATH        use this ripgrep binary instead of the one on PATH
#   KEEP_TMP=1     keep the generated inputs (the temp dir is printed)
#
# Cases (see docs/performance.md):
#   a. many files: `hedgelint check --format jsonl DIR` vs `rg -i -w -f PHRASES DIR`, on the
#      corpus and on the corpus copied N times (N = enough copies for BIG_MB);
#   b. one file: the corpus concatenated (sorted, a blank line between files), repeated N times;
#   c. scaling: each of those inputs again at 2x (twice the files, or the file twice as long);
#   d. peak memory (max RSS) of both tools;
#   f. record mode: the text of case a's copies as one JSONL stream (a record per article),
#      `check --input-format jsonl` vs the folder; and the peak memory of a RECORDS_MB stream;
#   e. the `full` renderer (`--format full --color never`) vs `--format jsonl`, on the copied
#      corpus (one concatenated file has far fewer findings: see docs/performance.md).
#
# Output goes to a regular file in the temp dir, never /dev/null (ripgrep, like GNU grep, may
# stop at the first match when its output is /dev/null). hedgelint exits 1 when it has findings;
# only exit codes other than 0 and 1 count as failures.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${1:-$ROOT/../shared/corpus/wikinews}"
RUNS="${RUNS:-7}"
BIG_MB="${BIG_MB:-20}"
HUGE_MB="${HUGE_MB:-0}"
RECORDS_MB="${RECORDS_MB:-80}"
SIZES_MB="${SIZES_MB:-11 45 180}"

die() { echo "compare.sh: $*" >&2; exit 2; }
note() { echo "compare.sh: $*" >&2; }

[ -d "$CORPUS" ] || die "no corpus folder at $CORPUS (pass one as the first argument)"
CORPUS="$(cd "$CORPUS" && pwd)"
command -v python3 >/dev/null || die "python3 is needed for the timing harness"

# --- tools -------------------------------------------------------------------------------------
note "building the release binary"
(cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed"
BUILT="$ROOT/target/release/hedgelint"

apt_install() {
    # Installs Debian packages when we are root and apt-get exists.
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 && return 0
    apt-get update -qq >/dev/null 2>&1 || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

if [ -z "${RG:-}" ]; then
    if ! command -v rg >/dev/null; then
        note "ripgrep (rg) is missing: installing it"
        apt_install ripgrep || cargo install ripgrep --locked --quiet || die "cannot install ripgrep"
        export PATH="$HOME/.cargo/bin:$PATH"
    fi
    RG="$(command -v rg)" || die "rg not found after installing it"
fi
[ -x "$RG" ] || die "RG=$RG is not an executable"

TIME_V=""
if [ -x /usr/bin/time ] || apt_install time; then
    TIME_V=/usr/bin/time
else
    note "/usr/bin/time is unavailable: peak memory comes from wait4() instead"
fi

# --- inputs ------------------------------------------------------------------------------------
TMP="$(mktemp -d "${TMPDIR:-/tmp}/hedgelint-compare.XXXXXX")"
cleanup() {
    if [ "${KEEP_TMP:-0}" = 1 ]; then note "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
# Run a private copy, so that a rebuild during the run cannot change the binary under test.
cp "$BUILT" "$TMP/hedgelint"
HEDGELINT="$TMP/hedgelint"

if [ -n "${PHRASES:-}" ]; then
    cp "$PHRASES" "$TMP/phrases.txt"
else
    "$HEDGELINT" rules --phrases >"$TMP/phrases.txt" || die "hedgelint rules --phrases failed"
fi
# `rules --phrases` prints bare phrases; a rule listing (`Pack.Rule  level  summary`) means the
# flag is not implemented in this build, and the comparison would be meaningless.
if grep -Eq '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+ +(suggestion|warning|error) ' "$TMP/phrases.txt"; then
    die "\`hedgelint rules --phrases\` printed the rule listing, not phrases (set PHRASES=FILE)"
fi
NPHRASES=$(grep -c . "$TMP/phrases.txt" || true)
[ "$NPHRASES" -gt 0 ] || die "no phrases to search for"

# The lintable files of the corpus, sorted (rg would search other files too: leave them out).
find "$CORPUS" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.markdown' \) -print0 \
    | sort -z >"$TMP/files"
NFILES=$(tr -cd '\0' <"$TMP/files" | wc -c)
[ "$NFILES" -gt 0 ] || die "the corpus has no .txt/.md files"
copy_corpus() { # copy_corpus DEST: the lintable files, flat, under DEST
    mkdir -p "$1"
    xargs -0 cp -t "$1" <"$TMP/files"
}

# One file: every corpus file, a blank line between, repeated REPEAT times (>= BIG_MB).
xargs -0 awk 'FNR == 1 && NR > 1 { print "" } { print }' <"$TMP/files" >"$TMP/once.txt"
ONCE=$(stat -c %s "$TMP/once.txt")
REPEAT=$(((BIG_MB * 1000000 + ONCE - 1) / ONCE))
for _ in $(seq "$REPEAT"); do cat "$TMP/once.txt"; echo; done >"$TMP/big1.txt"
cat "$TMP/big1.txt" "$TMP/big1.txt" >"$TMP/big2.txt"
if [ "$HUGE_MB" -gt 0 ]; then
    HREP=$(((HUGE_MB * 1000000 + ONCE - 1) / ONCE))
    for _ in $(seq "$HREP"); do cat "$TMP/once.txt"; echo; done >"$TMP/huge.txt"
fi

# Many files: the corpus, the corpus twice, and REPEAT and 2 x REPEAT copies of it.
: >"$TMP/empty.txt"
copy_corpus "$TMP/many1"
copy_corpus "$TMP/many2/1"
copy_corpus "$TMP/many2/2"
for i in $(seq "$REPEAT"); do copy_corpus "$TMP/manyN/$i"; done
for i in $(seq $((2 * REPEAT))); do copy_corpus "$TMP/many2N/$i"; done

# Sizes: for each of SIZES_MB, a folder of corpus copies and one file, both about that big.
for mb in $SIZES_MB; do
    n=$(((mb * 1000000 + ONCE - 1) / ONCE))
    for i in $(seq "$n"); do copy_corpus "$TMP/size$mb/dir/$i"; done
    for _ in $(seq "$n"); do cat "$TMP/once.txt"; echo; done >"$TMP/size$mb/one.txt"
done

# Records: the same text as manyN, one JSONL record per article; and a RECORDS_MB stream.
python3 - "$TMP" "$REPEAT" "$RECORDS_MB" <<'PY'
import json, os, sys
tmp, repeat, records_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(os.path.join(tmp, "files"), "rb") as f:
    paths = [p.decode() for p in f.read().split(b"\0") if p]
once = "".join(
    json.dumps({"id": os.path.basename(p), "text": open(p, encoding="utf-8").read()}) + "\n"
    for p in paths
)
with open(os.path.join(tmp, "recordsN.jsonl"), "w", encoding="utf-8") as out:
    out.write(once * repeat)
n = (records_mb * 1000000 + len(once) - 1) // len(once)
with open(os.path.join(tmp, "recordsM.jsonl"), "w", encoding="utf-8") as out:
    for _ in range(n):
        out.write(once)
PY

# --- machine -----------------------------------------------------------------------------------
CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
MEM="$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo unknown)"
REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
DIRTY="$(git -C "$ROOT" status --porcelain -- src rules 2>/dev/null | grep -q . && echo ', src/rules modified' || true)"
echo "# hedgelint vs ripgrep"
echo
echo "- machine: $(nproc) CPUs ($CPU), $MEM RAM, $(uname -sr)"
echo "- hedgelint $("$HEDGELINT" --version | awk '{ print $2 }') (commit $REV$DIRTY); $("$RG" --version | sed -n 1p)"
echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- corpus: $CORPUS ($NFILES files, $ONCE bytes concatenated); N = $REPEAT copies"
echo "- phrases: $NPHRASES (\`hedgelint rules --phrases\`), searched with \`rg -i -w -f\`"
echo "- $RUNS timed runs per tool and case after one warm-up, the two tools' runs interleaved;"
echo "  wall-clock medians of whole processes, output written to a file"
echo

# --- timing harness ----------------------------------------------------------------------------
export HEDGELINT RG TMP RUNS TIME_V HUGE_MB REPEAT RECORDS_MB SIZES_MB
python3 - <<'PY'
import os, statistics, subprocess, sys, time

H, RG, TMP = os.environ["HEDGELINT"], os.environ["RG"], os.environ["TMP"]
RUNS = int(os.environ["RUNS"])
N = int(os.environ["REPEAT"])
TIME_V = os.environ.get("TIME_V", "")
PHRASES = os.path.join(TMP, "phrases.txt")
OUT = os.path.join(TMP, "out")
ERR = os.path.join(TMP, "err")


def p(*parts):
    return os.path.join(TMP, *parts)


def size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def run_once(cmd):
    """Wall time (s) and max RSS (KiB) of one run; stdout goes to a regular file. The tools run
    in the temp dir, so no hedgelint.toml of the caller's is picked up."""
    with open(OUT, "wb") as out, open(ERR, "wb") as err:
        t0 = time.perf_counter()
        pid = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=TMP).pid
        _, status, ru = os.wait4(pid, 0)
        t = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    # hedgelint: 0 clean, 1 findings. rg: 0 matches, 1 none.
    if code not in (0, 1):
        with open(ERR, errors="replace") as f:
            sys.exit(f"compare.sh: {' '.join(cmd)} exited {code}:\n{f.read()[:2000]}")
    return t, ru.ru_maxrss


def output_lines():
    with open(OUT, "rb") as f:
        return sum(1 for _ in f)


def timed(cmds):
    """Median wall time of each command (runs interleaved) and its output lines."""
    lines = []
    for c in cmds:
        run_once(c)  # warm-up: page cache, binary
        lines.append(output_lines())
    times = [[] for _ in cmds]
    for _ in range(RUNS):
        for i, c in enumerate(cmds):
            times[i].append(run_once(c)[0])
    SPREAD[tuple(cmds[0])] = [(max(t) - min(t)) / statistics.median(t) for t in times]
    FASTEST[tuple(cmds[0])] = [min(t) for t in times]
    return [statistics.median(t) for t in times], lines


SPREAD = {}  # (max - min) / median of each command of a timed() call, by its first command
FASTEST = {}  # the fastest run of each command of a timed() call, by its first command


def hl(path, fmt="jsonl"):
    return [H, "check", "--format", fmt, "--color", "never", path]


def rg(path):
    return [RG, "-i", "-w", "-f", PHRASES, path]


CASES = [
    ("startup (one empty file)", p("empty.txt")),
    ("many files: corpus", p("many1")),
    ("many files: corpus x2", p("many2")),
    (f"many files: corpus x{N}", p("manyN")),
    (f"many files: corpus x{2 * N}", p("many2N")),
    (f"one file: corpus x{N}", p("big1.txt")),
    (f"one file: corpus x{2 * N}", p("big2.txt")),
]
res = {}
print("## Speed\n")
print("| case | input (MB) | hedgelint median (s) | rg median (s) | hedgelint / rg "
      "| hedgelint MB/s | rg MB/s | hedgelint findings | rg lines | spread hedgelint / rg |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, path in CASES:
    (th, tr), (nh, nr) = timed([hl(path), rg(path)])
    sh, sr = SPREAD[tuple(hl(path))]
    res[path] = (th, tr)
    b = size(path)
    mb = b / 1e6
    rate = (lambda t: f"{mb / t:.1f}") if b else (lambda t: "-")
    print(f"| {name} | {mb:.2f} | {th:.3f} | {tr:.3f} | {th / tr:.2f} | {rate(th)} "
          f"| {rate(tr)} | {nh} | {nr} | {sh:.0%} / {sr:.0%} |", flush=True)
print("\nspread = (slowest - fastest) / median of the timed runs: the machine's noise.\n")

print("## ripgrep variants (same phrases; ratio = hedgelint median above / this median)\n")
print("`-w` makes ripgrep check Unicode word boundaries; with many phrases that can keep its")
print("fast engines off non-ASCII text. `--no-unicode` uses ASCII word boundaries (what Go's")
print("regexp, and so Vale, means by `\\b`); without `-w` it is a pure literal search.\n")
print("| case | rg flags | rg median (s) | hedgelint / rg |")
print("|---|---|---:|---:|")
for name, path in [CASES[1], CASES[5]]:
    for flags in (["-i", "-w", "--no-unicode"], ["-i"]):
        (tv,), _ = timed([[RG] + flags + ["-f", PHRASES, path]])
        print(f"| {name} | `{' '.join(flags)}` | {tv:.3f} | {res[path][0] / tv:.2f} |",
              flush=True)
print()

print("## Scaling: t(2x) / t(1x) (2.00 is linear; the target is 1.8 to 2.2)\n")
print("| input | hedgelint | rg | hedgelint, fastest runs | rg, fastest runs "
      "| hedgelint minus startup | rg minus startup |")
print("|---|---:|---:|---:|---:|---:|---:|")
h0, r0 = res[p("empty.txt")]
SCALING = [
    ("many files: corpus -> x2", p("many1"), p("many2")),
    (f"many files: x{N} -> x{2 * N}", p("manyN"), p("many2N")),
    (f"one file: x{N} -> x{2 * N}", p("big1.txt"), p("big2.txt")),
]
for name, a, b in SCALING:
    (h1, r1), (h2, r2) = res[a], res[b]
    (fh1, fr1), (fh2, fr2) = FASTEST[tuple(hl(a))], FASTEST[tuple(hl(b))]
    print(f"| {name} | {h2 / h1:.2f} | {r2 / r1:.2f} | {fh2 / fh1:.2f} | {fr2 / fr1:.2f} "
          f"| {(h2 - h0) / max(h1 - h0, 1e-9):.2f} | {(r2 - r0) / max(r1 - r0, 1e-9):.2f} |")
print("\nThe fastest runs are the least disturbed by other load on the machine; \"minus startup\"")
print("takes the median time on an empty file (loading rules, compiling the search) off both.\n")

print("## Sizes (targets: hedgelint / rg <= 1.0 for a folder, <= 1.2 for one file)\n")
print("| input | MB | hedgelint (s) | rg (s) | hedgelint / rg | target | holds |")
print("|---|---:|---:|---:|---:|---:|---|")
SIZE_ROWS = []
for mb in os.environ["SIZES_MB"].split():
    for kind, path, target in (("folder", p(f"size{mb}", "dir"), 1.0),
                               ("one file", p(f"size{mb}", "one.txt"), 1.2)):
        cmd = hl(path)
        if kind == "one file":  # may be above the default --max-file-size cap
            cmd = cmd[:2] + ["--max-file-size", str(size(path) + 1)] + cmd[2:]
        (th, tr), _ = timed([cmd, rg(path)])
        ok = th / tr <= target
        SIZE_ROWS.append((f"{kind} of {mb} MB: hedgelint / rg <= {target}", f"{th / tr:.2f}", ok))
        print(f"| {kind} | {size(path) / 1e6:.1f} | {th:.3f} | {tr:.3f} | {th / tr:.2f} "
              f"| {target} | {'yes' if ok else 'NO'} |", flush=True)
print()

print(f"## Record mode vs folder mode (the same text: corpus x{N})\n")
records = p("recordsN.jsonl")
rec_cmd = [H, "check", "--input-format", "jsonl", "--format", "jsonl", records]
(tfo, tre), (lfo, lre) = timed([hl(p("manyN")), rec_cmd])
print("| mode | input (MB) | median (s) | MB/s | findings |")
print("|---|---:|---:|---:|---:|")
print(f"| folder (the corpus copied {N} times) | {size(p('manyN')) / 1e6:.1f} | {tfo:.3f} "
      f"| {size(p('manyN')) / 1e6 / tfo:.1f} | {lfo} |")
print(f"| one JSONL stream | {size(records) / 1e6:.1f} | {tre:.3f} "
      f"| {size(records) / 1e6 / tre:.1f} | {lre} |")
print(f"\nrecord mode speed / folder mode speed = {tfo / tre:.2f} (target >= 0.9)\n", flush=True)

print(f"## Renderer: `full` vs `jsonl` (many files: corpus x{N}, hedgelint only)\n")
(tf, tj), (lf, lj) = timed([hl(p("manyN"), "full"), hl(p("manyN"), "jsonl")])
print("| format | median (s) | output lines |")
print("|---|---:|---:|")
print(f"| jsonl | {tj:.3f} | {lj} |")
print(f"| full --color never | {tf:.3f} | {lf} |")
print(f"\nfull / jsonl = {tf / tj:.2f}; `full` adds {(tf - tj) / max(lj, 1) * 1e6:.0f} µs of wall "
      f"time per finding ({lj} findings)\n", flush=True)


def peak_kib(cmd, stdin_path=None):
    """Max RSS in KiB: /usr/bin/time -v when available, else wait4(). With `stdin_path`
    (only used with /usr/bin/time), that file is standard input."""
    if TIME_V:
        with open(OUT, "wb") as out, open(stdin_path or os.devnull, "rb") as inp:
            r = subprocess.run([TIME_V, "-v"] + cmd, stdin=inp, stdout=out,
                               stderr=subprocess.PIPE, cwd=TMP)
        for line in r.stderr.decode(errors="replace").splitlines():
            if "Maximum resident set size" in line:
                return int(line.split(":")[1])
    return run_once(cmd)[1]


print("## Peak memory (max RSS)\n")
print("| input | input (MB) | hedgelint (MiB) | hedgelint / input | rg (MiB) |")
print("|---|---:|---:|---:|---:|")
mem_cases = [CASES[0], CASES[1], CASES[3], CASES[5], CASES[6]]
mem_cases += [(f"one file of {mb} MB", p(f"size{mb}", "one.txt"))
              for mb in os.environ["SIZES_MB"].split()]
huge = p("huge.txt")
if int(os.environ.get("HUGE_MB", "0")) > 0 and os.path.exists(huge):
    mem_cases.append(("one huge file", huge))
mem = {}
for name, path in mem_cases:
    b = size(path)
    cmd = hl(path)
    if path == huge or size(path) > 256 << 20:  # above the default --max-file-size cap
        cmd = cmd[:2] + ["--max-file-size", str(b + 1)] + cmd[2:]
    mh, mr = peak_kib(cmd), peak_kib(rg(path))
    mem[path] = mh
    extra = ""
    if path == huge:
        t, _ = run_once(cmd)
        extra = f" (hedgelint took {t:.1f} s)"
    per = f"{mh * 1024 / b:.1f}x" if b else "-"
    print(f"| {name}{extra} | {b / 1e6:.1f} | {mh / 1024:.1f} | {per} | {mr / 1024:.1f} |",
          flush=True)
# The largest size again, piped in: plain text on standard input is read in chunks too.
piped = p(f"size{os.environ['SIZES_MB'].split()[-1]}", "one.txt")
if TIME_V and os.path.exists(piped):
    mh = peak_kib(hl("-"), stdin_path=piped)
    mem["stdin"] = (mh, size(piped))
    print(f"| the same, on standard input | {size(piped) / 1e6:.1f} | {mh / 1024:.1f} "
          f"| {mh * 1024 / size(piped):.1f}x | - |", flush=True)
stream = p("recordsM.jsonl")
rec_mem = peak_kib([H, "check", "--input-format", "jsonl", "--format", "jsonl", stream])
print(f"| record stream (--input-format jsonl) | {size(stream) / 1e6:.1f} | {rec_mem / 1024:.1f} "
      f"| {rec_mem * 1024 / size(stream):.2f}x | - |", flush=True)

# The speed targets.
h1, r1 = res[p("many1")]
b1, rb1 = res[p("big1.txt")]
s_many = res[p("many2")][0] / h1
s_big = res[p("big2.txt")][0] / b1
m = mem[p("many1")]
rows = [
    ("many files (corpus): hedgelint / rg <= 1.0", f"{h1 / r1:.2f}", h1 / r1 <= 1.0),
    (f"one file (x{N}): hedgelint / rg <= 1.5", f"{b1 / rb1:.2f}", b1 / rb1 <= 1.5),
    ("many files: 2x input takes 1.8-2.2x time", f"{s_many:.2f}", 1.8 <= s_many <= 2.2),
    ("one file: 2x input takes 1.8-2.2x time", f"{s_big:.2f}", 1.8 <= s_big <= 2.2),
    ("peak memory on the corpus < 64 MiB", f"{m / 1024:.1f} MiB", m < 64 * 1024),
]
rows.extend(SIZE_ROWS)
rows.append((f"record mode: speed / folder mode >= 0.9", f"{tfo / tre:.2f}", tfo / tre >= 0.9))
rows.append((f"record stream of {size(stream) / 1e6:.0f} MB: peak memory < 96 MiB",
             f"{rec_mem / 1024:.1f} MiB", rec_mem < 96 * 1024))
for mb in os.environ["SIZES_MB"].split():
    one = p(f"size{mb}", "one.txt")
    ratio = mem[one] * 1024 / size(one)
    # Up to 16 MiB a file is read whole, and the fixed ~50 MiB of compiled rules and search
    # caches outweighs the text; the target is for the files read in chunks.
    if size(one) <= 16 << 20:
        continue
    rows.append((f"one file of {mb} MB: peak memory < 1.5x its size", f"{ratio:.2f}x",
                 ratio < 1.5))
if "stdin" in mem:
    kib, b = mem["stdin"]
    rows.append((f"{b / 1e6:.0f} MB on standard input: peak memory < 1.5x its size",
                 f"{kib * 1024 / b:.2f}x", kib * 1024 < 1.5 * b))
if huge in mem:
    ratio = mem[huge] * 1024 / size(huge)
    rows.append(("one huge file: peak memory < 3x its size", f"{ratio:.1f}x", ratio < 3))
print("\n## Targets\n")
print("| target | measured | holds |")
print("|---|---:|---|")
for name, got, ok in rows:
    print(f"| {name} | {got} | {'yes' if ok else 'NO'} |")
PY
