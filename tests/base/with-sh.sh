# Things that start /bin/sh or a #! interpreter themselves. Inside a
# Calvados prefix /bin/sh is the darwin bash; on Linux it is the host's sh.
# Only output both agree on is printed.
set -e
mkdir -p w && cd w
printf 'alpha\nbeta\ngamma\n' > a.txt
seq 1 200 > numbers.txt

# tar starting its compressor (tar -z/-j/-J run it through /bin/sh -c).
for opt in z j J; do
    tar -c${opt}f t.$opt a.txt numbers.txt
    mkdir out.$opt
    tar -x${opt}f t.$opt -C out.$opt
    cmp a.txt out.$opt/a.txt && cmp numbers.txt out.$opt/numbers.txt && echo "tar -$opt round trip"
    tar -t${opt}f t.$opt | sort
done

# The #!/bin/sh wrappers of gzip and grep.
gzip -c a.txt > a.txt.gz
zcat a.txt.gz
gunzip -c a.txt.gz | wc -l
printf 'x1\ny2\nx3\n' | egrep 'x[0-9]'
printf 'a.b\naxb\n' | fgrep 'a.b'

# make with its default SHELL (/bin/sh).
cat > Makefile <<'MK'
all: out.txt
	@echo "lines: $$(wc -l < out.txt)"
out.txt: a.txt
	@for w in $$(cat a.txt); do echo "word $$w"; done > $@
	@test -s $@ && echo built $@
clean:
	rm -f out.txt
.PHONY: all clean
MK
make
make
make clean
make -s all

# #! scripts through /usr/bin/env and /bin/sh, and sh -c.
printf '#!/usr/bin/env bash\necho "env-bash: $# args: $*"\n' > s1
printf '#!/bin/sh\necho "sh script: $1"\nexit 3\n' > s2
chmod +x s1 s2
./s1 one two
set +e
./s2 hello
echo "status $?"
set -e
sh -c 'echo "sh -c: $((6 * 7))"'
echo done
