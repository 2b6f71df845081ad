# Sourced by the bench scripts: ripgrep and hyperfine (installed with apt-get when missing),
# then release builds of kith and the vault generator. Sets $kith and $work.
for tool in rg hyperfine; do
  if ! command -v "$tool" >/dev/null; then
    pkg=$tool; [ "$tool" = rg ] && pkg=ripgrep
    echo "installing $pkg" >&2
    apt-get update -qq && apt-get install -y -qq "$pkg" >/dev/null
  fi
done
cargo build --release --quiet --bin kith --example gen_vault
kith=$PWD/target/release/kith
work=${BENCH_DIR:-/tmp/kith-bench}
