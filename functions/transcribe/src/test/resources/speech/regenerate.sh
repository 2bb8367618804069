#!/usr/bin/env bash
# Regenerates the labelled speech set from sentences.tsv (never run in CI; the audio is committed).
# Needs Debian festival + festvox-us-slt-hts (the voice PocketSphinx recognises well; espeak voices
# do not), sox and opus-tools:
#   apt-get install -y festival festvox-us-slt-hts sox opus-tools
# Each utterance: festival's text2wave with the SLT HTS voice -> 16 kHz mono 16-bit -> Ogg Opus
# at 32 kbit/s (the shared decoder reads Opus; the set stays well under 1 MB).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' sentences.tsv | while IFS=$'\t' read -r id text; do
  printf '%s\n' "$text" > "$tmp/$id.txt"
  text2wave -eval '(voice_cmu_us_slt_arctic_hts)' "$tmp/$id.txt" -o "$tmp/$id.raw.wav"
  sox "$tmp/$id.raw.wav" -r 16000 -c 1 -b 16 "$tmp/$id.wav"
  opusenc --quiet --bitrate 32 --comp 10 "$tmp/$id.wav" "$id.opus"
done
