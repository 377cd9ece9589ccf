# The base-system differential script (crates/calvados/tests/base_system.rs).
# Run by bash in an empty temporary directory, with PATH naming only the
# base system under test (the Linux twins, or the darwin builds under
# Calvados) and LC_ALL=C, TZ=UTC: its stdout, stderr and exit status must be
# the same on both sides. Prints nothing that depends on where it runs
# (absolute paths, owners, dates, pids, readdir order).
#
# Nothing here makes a program run /bin/sh itself (make's default SHELL,
# tar -z/-j/-J, which start the compressor with /bin/sh -c): outside
# `calvados shell` that is the host's shell, which cannot run Mach-O
# programs. Make recipes use bash from PATH; tar is piped to the
# compressors.

section() { printf '== %s\n' "$*"; }

section variables and arithmetic
a=6 b=7
echo "product $((a * b)) quotient $((b / 2)) rem $((b % 4)) shift $((1 << 10))"
s="Hello, World"
echo "${#s} ${s,,} ${s^^} ${s/World/there} ${s:7:3} ${s#*, } ${s%,*}"
arr=(zero one two three)
echo "${#arr[@]} ${arr[2]} ${arr[*]:1:2}"
declare -A map=([k1]=v1 [k2]=v2)
for k in $(printf '%s\n' "${!map[@]}" | sort); do echo "$k=${map[$k]}"; done
unset a
echo "default ${a:-none} ${b:+set}"
printf '%5.2f|%-6s|%04d|%x|%o|%e\n' 3.14159 ab 42 255 8 12345.678

section functions and control flow
fact() { if [ "$1" -le 1 ]; then echo 1; else echo $(($1 * $(fact $(($1 - 1))))); fi; }
echo "fact 10 = $(fact 10)"
count=0
while [ $count -lt 5 ]; do count=$((count + 1)); [ $count -eq 2 ] && continue; printf '%s ' $count; done
echo
for ((i = 0; i < 3; i++)); do printf 'i%s ' "$i"; done
echo
case "file.tar.gz" in *.tar.gz) echo "case: tarball" ;; *) echo "case: other" ;; esac
f() { local x=inner; return 3; }
x=outer; f; echo "status $? x=$x"
(exit 7); echo "subshell status $?"
false || echo "false -> $?"
true && echo "true -> $?"
! true; echo "negated $?"
set -o pipefail; false | true; echo "pipefail $?"; set +o pipefail
true | false | true; echo "pipestatus ${PIPESTATUS[*]}"
( trap 'echo "exit trap"' EXIT; echo "in subshell" )
nosuchcommand_xyz 2>&1; echo "not found: $?"
type cd echo | sed 's/ is .*builtin/: builtin/'

section redirections and here-docs
cat >notes.txt <<'DOC'
apple 3
banana 12
cherry 7
apple 5
DOC
cat <<DOC >>notes.txt
date $((2000 + 24))
DOC
wc -l <notes.txt
echo to-stderr >&2
{ echo out; echo err >&2; } 2>&1 | sort
exec 3>fd3.txt; echo "via fd 3" >&3; exec 3>&-; cat fd3.txt
read -r first rest <notes.txt; echo "first=$first rest=$rest"
tr 'a-z' 'A-Z' <<<"here string"
while IFS=' ' read -r name n; do echo "$name:$n"; done <notes.txt
diff <(printf 'a\nb\n') <(printf 'a\nc\n'); echo "diff status $?"
: >empty.txt; test -s empty.txt; echo "empty -s $?"

section globbing
mkdir -p glob/sub && touch glob/a.txt glob/b.txt glob/c.log glob/sub/d.txt glob/.hidden
echo glob/*.txt
echo glob/[ab].*
echo glob/*.none
shopt -s nullglob; echo "nullglob: [$(echo glob/*.none)]"; shopt -u nullglob
shopt -s globstar; echo glob/**/*.txt; shopt -u globstar
echo glob/{a,b,z}.txt

section sort uniq wc head tail cut tr paste
sort notes.txt
sort -k2 -n notes.txt
cut -d' ' -f1 notes.txt | sort | uniq -c
cut -c1-3 notes.txt | tr -d '\n'; echo
wc notes.txt
wc -c <notes.txt
head -n 2 notes.txt; tail -n 1 notes.txt; tail -c 8 notes.txt
seq 1 5 | paste -sd+ | tee sum.txt
expr "$(cat sum.txt | tr -d '\n' | sed 's/+/ + /g' | xargs expr)" \* 2
seq 10 | head -3 | tr '\n' ,; echo
printf 'b\na\nb\nc\na\n' | sort -u | tr -s '\n' ' '; echo
printf 'x y z\n' | tr ' ' '\n' | sort -r
basename /a/b/c.txt .txt; dirname /a/b/c.txt
expr length "hello"; expr 7 \> 3; expr substr abcdef 2 3

section sed and awk
sed -e 's/apple/APPLE/g' -e '/cherry/d' notes.txt
sed -n '2,3p' notes.txt
sed -E 's/([a-z]+) ([0-9]+)/\2 \1/' notes.txt
cp notes.txt edit.txt; sed -i 's/^/> /' edit.txt; cat edit.txt
awk '{ sum[$1] += $2 } END { for (k in sum) print k, sum[k] }' notes.txt | sort
awk -F' ' 'NR % 2 == 1 { printf "%-8s|%6.2f\n", toupper($1), $2 / 3 }' notes.txt
awk 'BEGIN { n = split("a:b:c", p, ":"); s = "foo bar foo"; g = gsub(/foo/, "baz", s); print n, p[3], g, s, length(s), substr(s, 5, 3), index(s, "bar"), sprintf("%c", 65) }'
echo "3 4" | awk '{ print $1 ^ $2, sqrt(16), int(7.9), 10 % 3 }'
awk 'BEGIN { printf "%s\n", strftime("%Y-%m-%d", 86400 * 365, 1) }'

section find xargs grep
mkdir -p tree/a/b tree/c
printf 'needle one\n' >tree/a/one.txt
printf 'hay\nneedle two\n' >tree/a/b/two.txt
printf 'nothing\n' >tree/c/three.md
printf 'Needle three\n' >tree/c/four.txt
find tree | sort
find tree -type f -name '*.txt' | sort
find tree -type d | sort | xargs echo
find tree -type f -print0 | sort -z | xargs -0 grep -l needle
find tree -name '*.txt' | sort | xargs grep -n -i needle
grep -r --include='*.txt' needle tree | sort
grep -c needle tree/a/b/two.txt
grep -v hay tree/a/b/two.txt
grep -E 'one|two' -r tree | sort
grep -q absent tree/a/one.txt; echo "grep -q absent: $?"
grep absent nosuchfile; echo "grep missing file: $?"
printf 'abc123def\n' | grep -o '[0-9]\+'
find tree -newer tree/a/one.txt -name 'nothing' | wc -l
find tree -type f -size -1k | wc -l

section cp ln chmod ls
cp -R tree copy
ln -s a/one.txt copy/link
ln copy/c/three.md copy/hard.md
chmod 640 copy/a/one.txt
chmod u+x,g-w copy/c/four.txt
chmod 750 copy/a
touch -d '2001-02-03 04:05:06' copy/c/three.md
ls copy
ls -l copy | awk 'NR > 1 { print $1, $2, $5, $NF }'
ls -lR copy | awk '/^total/ { next } NF > 2 { print $1, $2, $5, $NF; next } { print }'
ls -la copy/a | awk 'NR > 1 { print $1, $NF }'
readlink copy/link; cat copy/link
test -L copy/link && echo "is link"; test -h copy/hard.md || echo "hard is not a symlink"
[ copy/a/one.txt -ef copy/a/one.txt ] && echo "-ef same"
[ copy/c/three.md -ef copy/hard.md ] && echo "hard link same file"
stat -c '%a %h %s %n' copy/a/one.txt copy/hard.md copy/c/three.md
date -u -r copy/c/three.md '+%Y-%m-%d %H:%M:%S'
mv copy/c/four.txt copy/c/renamed.txt; ls copy/c
rm copy/link; rm -r copy/a/b; rmdir copy/a 2>&1; echo "rmdir non-empty: $?"
rm -rf copy; test -e copy; echo "removed: $?"
mkdir -p deep/er/est && rmdir -p deep/er/est && echo "rmdir -p ok"
ls nosuchfile; echo "ls missing: $?"

section dates and misc coreutils
date -u -d @0 '+%Y-%m-%d %H:%M:%S %a %b %j'
date -u -d '2020-02-29 12:34:56' +%s
date -u -d '2021-01-01 + 40 days' +%F
printf 'hello' | od -c | head -1
printf 'hello\n' | md5sum; printf 'hello\n' | sha256sum
printf 'line\n' | cksum
echo "abc" | fold -w1 | tac | tr -d "\n"; echo
seq -s, 1 3; yes | head -2; printf '%s\n' c b a | tac
echo "x" | tee copy1.txt >/dev/null; cat copy1.txt
dd if=/dev/zero bs=512 count=4 status=none | wc -c
truncate -s 100 t.bin; stat -c %s t.bin
sleep 0.1; echo "slept"
kill -0 $$ && echo "kill -0 self ok"
numfmt --to=iec 1048576; factor 360
env -i FOO=bar BAZ=qux env | sort
FOO=1 env | grep '^FOO='
env -u HOME sh -c 'echo "HOME=${HOME-unset}"'
[ "$(which ls)" = "$(command -v ls)" ] && echo "which agrees with command -v"
which -a nosuchprogram_xyz; echo "which missing: $?"
[ -x "$(which sed)" ] && echo "sed is executable"
test 3 -gt 2 -a abc = abc && echo "test ok"; [ -z "" ] && [ -n x ] && echo "brackets ok"
sh -c 'echo "sh: $((2 + 3))"; exit 4'; echo "sh status $?"
bash -c 'exit 300'; echo "bash status $?"

section make
mkdir mk && cd mk
cat >Makefile <<'MK'
SHELL := bash
OBJS = a.o b.o
all: prog
prog: $(OBJS)
	@echo "link $@ from $^"; cat $^ >$@
%.o: %.c
	@echo "compile $< -> $@"; tr a-z A-Z <$< >$@
clean:
	rm -f prog $(OBJS)
.PHONY: all clean
fail:
	@false
MK
echo "int a;" >a.c; echo "int b;" >b.c
make; cat prog
make; echo "up to date: $?"
touch -d '2000-01-01' a.c b.c a.o b.o prog; touch -d '2000-01-02' b.c; make
make -n clean
make fail 2>&1; echo "make fail: $?"
make nosuchtarget 2>&1; echo "make missing: $?"
make -s -f - <<'MK'
SHELL := bash
X := $(shell echo computed)
$(info info $(X) $(words a b c) $(subst o,0,foo) $(patsubst %.c,%.o,x.c y.c))
all: ; @echo "stdin makefile"
MK
cd ..

section diff and patch
printf 'one\ntwo\nthree\nfour\n' >old.txt
printf 'one\n2\nthree\nfour\nfive\n' >new.txt
diff -u --label old.txt --label new.txt old.txt new.txt >change.diff; echo "diff -u: $?"
cat change.diff
diff old.txt new.txt
diff -q old.txt old.txt; echo "diff same: $?"
cmp old.txt new.txt; echo "cmp: $?"
cp old.txt target.txt
patch target.txt <change.diff; echo "patch: $?"
cmp target.txt new.txt && echo "patched equals new"
patch -R target.txt <change.diff && cmp target.txt old.txt && echo "reverse ok"
printf 'zzz\n' >other.txt; patch --dry-run -f other.txt <change.diff 2>&1; echo "patch reject: $?"
mkdir -p pa/d pb/d; echo x >pa/d/f; echo y >pb/d/f; echo only >pb/g
diff -ru pa pb | grep -v '^[-+][-+][-+]'; echo "diff -r: ${PIPESTATUS[0]}"

section archives and compressors
mkdir -p arc/dir && printf 'alpha\n' >arc/a.txt && seq 1 2000 >arc/dir/numbers.txt && ln -s a.txt arc/link
tar cf arc.tar arc; tar tf arc.tar | sort
for z in gzip bzip2 xz; do
    $z -c arc.tar >arc.tar.z && $z -dc arc.tar.z | cmp - arc.tar && echo "$z round trip ok"
    $z -t arc.tar.z && echo "$z -t ok"
done
gzip -n -9 -c arc/dir/numbers.txt | md5sum
bzip2 -9 -c arc/dir/numbers.txt | md5sum
for z in gzip bzip2 xz; do
    rm -rf out && mkdir out
    tar cf - arc | $z -c >arc.tz && $z -dc arc.tz | tar xf - -C out && diff -r arc out/arc && echo "tar | $z round trip ok"
    $z -dc arc.tz | tar tf - | sort | head -2
done
tar cf - arc | (mkdir -p piped && cd piped && tar xf -) && ls -R piped | head -4
cp arc/dir/numbers.txt n.txt; gzip n.txt; ls n.txt*; gzip -d n.txt.gz; wc -l <n.txt
xz -k n.txt; ls n.txt*; unxz -f n.txt.xz; bzip2 n.txt; bunzip2 n.txt.bz2; wc -l <n.txt
echo garbage >bad.gz; gzip -d bad.gz 2>&1; echo "gzip bad: $?"
tar xf nosuch.tar 2>&1; echo "tar missing: $?"

section done
echo "last line"
exit 5
