#!/usr/bin/env bash
# Create a login and print the YAML lines to paste into config/trainers.yaml or config/devices.yaml.
# The password is generated (or read from $LIMBER_NEW_PASSWORD), shown once on stderr, and only its
# salted PBKDF2-SHA512 hash ($7$, Mosquitto's format) goes into the config.
#   scripts/add-credential.sh trainer <name>                      -> config/trainers.yaml
#   scripts/add-credential.sh display|watch <device-id> <zone>    -> config/devices.yaml
#   scripts/add-credential.sh tablet|engine <id>                  -> config/devices.yaml
# With an external Mosquitto, regenerate its files afterwards:
#   java -cp target/limber.jar limber.tools.ExportMosquittoFiles config/mosquitto
set -euo pipefail
cd "$(dirname "$0")/.."
role="${1:-}"; name="${2:-}"; zone="${3:-}"
[ -n "$role" ] && [ -n "$name" ] || { sed -n '2,10p' "$0"; exit 2; }
[ -f target/limber.jar ] || mvn -q -B -DskipTests package
password="${LIMBER_NEW_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')}"
case "$role" in
  trainer)
    hash=$(java -cp target/limber.jar limber.security.PasswordHash "$password")
    echo "  - name: \"$name\""; echo "    hash: \"$hash\"" ;;
  display|watch)
    [ -n "$zone" ] || { echo "a $role needs a zone" >&2; exit 2; }
    hash=$(java -cp target/limber.jar limber.security.PasswordHash "$password")
    echo "  - id: \"$name\""; echo "    role: \"$role\""; echo "    zone: \"$zone\""; echo "    hash: \"$hash\"" ;;
  tablet|engine)
    r="$role"; [ "$role" = tablet ] && r=trainer
    hash=$(java -cp target/limber.jar limber.security.PasswordHash "$password")
    echo "  - id: \"$name\""; echo "    role: \"$r\""; echo "    hash: \"$hash\"" ;;
  *) echo "unknown role: $role" >&2; exit 2 ;;
esac
echo "# password for $name (shown once): $password" >&2
