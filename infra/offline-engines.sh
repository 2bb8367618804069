# Sourced by ./conserver and .ci/run: the Debian packages the default pipeline's offline engines
# need, in one place. `missing_engine_packages` prints those not installed, one per line.
#   pocketsphinx, pocketsphinx-en-us  transcribe (offline speech to text, US English model)
#   ffmpeg                            transcribe (audio track of video recordings)
#   apertium + pairs, cg3             translate (es->en direct; fr, pt, it through Spanish;
#                                     cg3 runs the Italian pair's disambiguator)
missing_engine_packages() {
  command -v pocketsphinx_continuous >/dev/null 2>&1 || echo pocketsphinx
  [ -d /usr/share/pocketsphinx/model/en-us ] || echo pocketsphinx-en-us
  command -v ffmpeg >/dev/null 2>&1 || echo ffmpeg
  local pkg
  for pkg in apertium apertium-eng-spa apertium-fr-es apertium-es-pt apertium-spa-ita cg3; do
    dpkg -s "$pkg" >/dev/null 2>&1 || echo "$pkg"
  done
}
