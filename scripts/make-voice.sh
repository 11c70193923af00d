#!/usr/bin/env bash
# Makes the wall displays' spoken prompts with Debian's espeak-ng and sox: one small mono OGG per
# prompt and per stretch in config/stretches.yaml, and displays/sounds/manifest.json mapping each
# clip key (prompt:switch, stretch:<id>, ...) to its file. Nothing is downloaded. Run it again after
# adding a stretch to config (a stretch without a clip still gets its tones on the screens):
#
#   apt-get install -y espeak-ng sox     # once
#   scripts/make-voice.sh [config/stretches.yaml]
#
# Idempotent: a clip whose text and settings have not changed is left as it is (its .txt next to it
# records what it says), so re-running it changes no committed file.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
catalog="${1:-$repo/config/stretches.yaml}"
out="${LIMBER_SOUNDS_DIR:-$repo/displays/sounds}"   # another folder for trying a catalog out
voice="${LIMBER_VOICE:-en-gb}"   # a calm, clear default; any `espeak-ng --voices` name works
speed=140                         # words a minute: slower than espeak's 175, for a room with music on

for tool in espeak-ng sox; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "make-voice: $tool is not installed (apt-get install -y espeak-ng sox)" >&2
    exit 2
  fi
done
mkdir -p "$out"

# clip <key> <file stem> <text>
entries=()
clip() {
  local key="$1" stem="$2" text="$3" file="$out/$2.ogg" note="$out/$2.txt"
  local said="$voice $speed: $text"
  if [ ! -s "$file" ] || [ "$(cat "$note" 2>/dev/null)" != "$said" ]; then
    local wav
    wav="$(mktemp --suffix .wav)"
    espeak-ng -v "$voice" -s "$speed" -w "$wav" "$text"
    # trim the leading and trailing silence (the prompt starts on its instant), mono, 16 kHz, a little
    # quieter than full scale so it never clips once mixed with a tone
    sox "$wav" -r 16000 -c 1 "$file" silence 1 0.02 0.5% reverse silence 1 0.05 0.5% reverse gain -n -3
    rm -f "$wav"
    printf '%s\n' "$said" >"$note"
    echo "make-voice: $key -> $(basename "$file")" >&2
  fi
  entries+=("$(printf '    "%s": "%s.ogg"' "$key" "$stem")")
}

clip prompt:switch prompt-switch "Switch sides."
clip prompt:rest prompt-rest "Rest, and breathe."
clip prompt:done prompt-done "That's the session. Well done."

# stretches: each "- id:" line, then its "name:" line; the name is read as people say it
while IFS=$'\t' read -r id name; do
  spoken="$(printf '%s' "$name" | sed -e 's#90/90#ninety ninety#g' -e 's#2\.0#two#g' -e 's#&#and#g' -e 's#-# #g')"
  clip "stretch:$id" "stretch-$id" "Next up: $spoken."
done < <(awk '
  /^[[:space:]]*- id:/ { sub(/^[[:space:]]*- id:[[:space:]]*/, ""); gsub(/"/, ""); id = $0 }
  /^[[:space:]]+name:/ && id != "" { sub(/^[[:space:]]+name:[[:space:]]*/, ""); gsub(/"/, ""); print id "\t" $0; id = "" }
' "$catalog")

{
  echo '{'
  echo '  "about": "Made by scripts/make-voice.sh with espeak-ng and sox; keys are prompt:<name> and stretch:<id>.",'
  echo '  "clips": {'
  last=$((${#entries[@]} - 1))
  for i in "${!entries[@]}"; do
    if [ "$i" -lt "$last" ]; then echo "${entries[$i]},"; else echo "${entries[$i]}"; fi
  done
  echo '  }'
  echo '}'
} >"$out/manifest.json"
echo "make-voice: ${#entries[@]} clips in $out" >&2
