#!/usr/bin/env bash
# Docker for the docker sandbox's tests: installs Debian's docker.io when missing, starts an
# engine on the local unix socket (never TCP) unless one answers already, waits until it is
# ready, and builds the test image from this machine's own programs, since no registry is
# reachable. Safe to run again: it reuses what is there. Run as root; `--stop` ends the engine
# it started.
set -euo pipefail

IMAGE=${ARMADA_TEST_IMAGE:-armada-test/node:2}
SOCKET=/var/run/docker.sock
PIDFILE=/var/run/armada-dockerd.pid
export DOCKER_HOST=unix://$SOCKET
export DEBIAN_FRONTEND=noninteractive

# `--stop` ends the engine this script started (not one that was running before it).
if [ "${1:-}" = "--stop" ]; then
  if [ -f "$PIDFILE" ]; then
    kill "$(cat "$PIDFILE")" 2>/dev/null || true
    rm -f "$PIDFILE"
  fi
  exit 0
fi

if ! command -v dockerd >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq docker.io >/dev/null
fi

if ! docker version >/dev/null 2>&1; then
  log=/var/log/armada-dockerd.log
  nohup dockerd --host "$DOCKER_HOST" >"$log" 2>&1 &
  echo $! >"$PIDFILE"
  for _ in $(seq 60); do
    docker version >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker version >/dev/null 2>&1; then
    echo "dockerd did not start; its log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
fi

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "docker ready at $DOCKER_HOST; test image $IMAGE present"
  exit 0
fi

# A small root file system: the shell tools the tests use, git and node, each with the shared
# libraries it loads, and a regular user `node` (uid 1000) as in the official Node images.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
programs=(sh bash cat ls cp mv rm mkdir rmdir ln chmod touch head tail dd sleep env id echo
  printf true false grep sed tr wc sort find xargs tar kill ps git node
  unshare nsenter setpriv prlimit mount umount pivot_root)
copy() {
  local from=$1 to=$root$1
  [ -e "$to" ] && return
  mkdir -p "$(dirname "$to")"
  cp -L "$from" "$to"
}
for program in "${programs[@]}"; do
  if ! file=$(type -P "$program"); then
    echo "test image: no $program on this machine, left out" >&2
    continue
  fi
  mkdir -p "$root/usr/bin"
  cp -L "$file" "$root/usr/bin/$program"
  for lib in $(ldd "$file" 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*'); do copy "$lib"; done
done
mkdir -p "$root/usr/lib" "$root/usr/share"
cp -a /usr/lib/git-core "$root/usr/lib/"
cp -a /usr/share/git-core "$root/usr/share/" 2>/dev/null || true
for lib in $(find "$root/usr/lib/git-core" -type f -perm -u+x -exec ldd {} \; 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u); do
  copy "$lib"
done
# The C and C++ runtimes every Debian-based image has, which the agent CLIs' own binaries load
# (they come from the host into the container, see the docker sandbox in the README).
for name in librt.so.1 libdl.so.2 libpthread.so.0 libm.so.6 libgcc_s.so.1 libstdc++.so.6; do
  lib=$(ldconfig -p | grep -m1 -o "/[^ ]*/$name\$" || true)
  if [ -n "$lib" ]; then copy "$lib"; else echo "test image: no $name on this machine, left out" >&2; fi
done
for dir in bin lib lib64 sbin; do
  [ -e "$root/$dir" ] || ln -s "usr/$dir" "$root/$dir"
done
mkdir -p "$root/usr/lib64" "$root/etc" "$root/tmp" "$root/root" "$root/home/node"
chmod 1777 "$root/tmp"
chmod 700 "$root/root"
chown 1000:1000 "$root/home/node"
cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
node:x:1000:1000::/home/node:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
node:x:1000:
nogroup:x:65534:
EOF
tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'CMD ["node"]' \
  - "$IMAGE" >/dev/null
echo "docker ready at $DOCKER_HOST; built test image $IMAGE"
