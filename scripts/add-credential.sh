#!/usr/bin/env bash
# Create a login and print the YAML lines to paste into config/trainers.yaml or config/devices.yaml,
# or with --save append them to that file. The password is generated (or read from
# $LIMBER_NEW_PASSWORD), shown once on stderr, and only its salted PBKDF2-SHA512 hash ($7$,
# Mosquitto's format) goes into the config. The engine reads logins when it starts.
#   scripts/add-credential.sh [--save] trainer <name>                     -> config/trainers.yaml
#   scripts/add-credential.sh [--save] display|watch <device-id> <zone>   -> config/devices.yaml
#   scripts/add-credential.sh [--save] tablet|observer|engine <id>        -> config/devices.yaml
# An observer reads every limber/v1 topic and writes nothing (mosquitto_sub, dashboards).
# With an external Mosquitto, regenerate its files afterwards:
#   java -cp target/limber.jar limber.tools.ExportMosquittoFiles config/mosquitto
set -euo pipefail
cd "$(dirname "$0")/.."
save=false
if [ "${1:-}" = "--save" ]; then save=true; shift; fi
role="${1:-}"; name="${2:-}"; zone="${3:-}"
[ -n "$role" ] && [ -n "$name" ] || { sed -n '2,11p' "$0"; exit 2; }
[ -f target/limber.jar ] || mvn -q -B -DskipTests package
password="${LIMBER_NEW_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')}"
hash() { java -cp target/limber.jar limber.security.PasswordHash "$password"; }
case "$role" in
  trainer)
    file=config/trainers.yaml; list=trainers
    entry=$(printf '  - name: "%s"\n    hash: "%s"' "$name" "$(hash)") ;;
  display|watch)
    [ -n "$zone" ] || { echo "a $role needs a zone" >&2; exit 2; }
    file=config/devices.yaml; list=devices
    entry=$(printf '  - id: "%s"\n    role: "%s"\n    zone: "%s"\n    hash: "%s"' "$name" "$role" "$zone" "$(hash)") ;;
  tablet|observer|engine)
    r="$role"; [ "$role" = tablet ] && r=trainer
    file=config/devices.yaml; list=devices
    entry=$(printf '  - id: "%s"\n    role: "%s"\n    hash: "%s"' "$name" "$r" "$(hash)") ;;
  *) echo "unknown role: $role" >&2; exit 2 ;;
esac
if $save; then
  if grep -q "^  - [a-z]*: \"$name\"$" "$file"; then echo "$file already lists $name" >&2; exit 2; fi
  sed -i "s/^$list: \[\]\s*$/$list:/" "$file"   # an empty list becomes a block list
  printf '%s\n' "$entry" >> "$file"
  echo "added $role '$name' to $file (restart the engine to load it)" >&2
else
  printf '%s\n' "$entry"
fi
echo "# password for $name (shown once): $password" >&2
