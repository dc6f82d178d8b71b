# Run before any file operation on "$1" (relative to the sandbox root, the working directory):
# refuses, with exit code 90, a path that a symbolic link leads outside the sandbox.
root=$(pwd -P)
dir=$(dirname -- "$1")
while [ ! -d "$dir" ]; do dir=$(dirname -- "$dir"); done
real=$(cd -- "$dir" && pwd -P) || exit 90
case "$real/" in
  "$root"/*) ;;
  *) echo "$1 leads outside the sandbox through a symbolic link: refused." >&2; exit 90 ;;
esac
if [ -L "$1" ]; then
  target=$(readlink -f -- "$1" 2>/dev/null || echo /)
  case "$target" in
    "$root"/*) ;;
    *) echo "$1 is a symbolic link to a place outside the sandbox: refused." >&2; exit 90 ;;
  esac
fi
