#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# check-install.sh: checks mlp as a user of the installed files meets it.
#  1. `cmake --install` into a temporary prefix: every file in its place,
#     libmlp.so exporting only mlp_ names, the XOR quick start run with the
#     installed programs, and examples/predict.c (the installed copy) built
#     against the prefix four ways: C with `pkg-config --cflags --libs mlp`,
#     the same as C++, statically with `pkg-config --static`, and with
#     find_package(mlp) in CMake (shared and static); each predicts the XOR
#     rows exactly as mlppredict does.
#  2. With --deb (needs root; installs and removes the package "mlp" on this
#     system): `cpack -G DEB` builds the .deb, `dpkg -i` installs it, the
#     quick start runs from /usr/bin, the example builds against /usr, and
#     `dpkg -r` removes it again.
# .ci/run calls it with --deb; ctest runs part 1 (test "install_prefix").
#   usage: scripts/check-install.sh [--build DIR] [--deb]
# Without --build it builds build/ first (scripts/build.sh).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/usage.sh"
# --build DIR is the caller's, relative to where the script was started, not
# to the repository it moves to: callers (scripts/caller_args.sh).
. "$(dirname "${BASH_SOURCE[0]}")/caller_args.sh"
build=
deb=0
while (($#)); do
    case $1 in
        --build)
            [ $# -ge 2 ] || usage_error "--build needs a folder"
            [ -d "$2" ] || usage_error "--build: \"$2\" is not a folder"
            build=$(realpath "$(callers "$2")")
            shift 2
            ;;
        --deb) deb=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage_unknown "$1" ;;
    esac
done
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

if [ -z "$build" ]; then
    bash scripts/build.sh >/dev/null
    build=$root/build
fi

tmp=$(mktemp -d /tmp/mlp-check-install.XXXXXX)
installed_deb=0
cleanup() {
    if ((installed_deb)); then
        dpkg -r mlp >/dev/null 2>&1 || echo "check-install: could not remove the package mlp; run dpkg -r mlp" >&2
    fi
    rm -rf -- "$tmp"
}
trap cleanup EXIT

failed=0
passed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
step() { echo "check-install: $*"; }

version=$(sed -n 's/^project(mlp VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
# The SONAME's version: MAJOR, or 0.MINOR while MAJOR is 0 (docs/install.md).
IFS=. read -r v_major v_minor _ <<< "$version"
abi=$([ "$v_major" = 0 ] && echo "0.$v_minor" || echo "$v_major")
export OPENBLAS_NUM_THREADS=1

# The CMake minimum CMakeLists.txt states is one that builds mlp: it said
# 3.18 while libmlp.so is linked with $<LINK_LIBRARY:WHOLE_ARCHIVE,...>,
# new in 3.24 (and cmake/install.cmake stopped anything older itself).
minimum=$(sed -n 's/^cmake_minimum_required(VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
if grep -q 'LINK_LIBRARY:' CMakeLists.txt cmake/*.cmake; then
    printf '%s\n' 3.24 "$minimum" | sort -V -C && ok \
        || bad "CMakeLists.txt states cmake_minimum_required(VERSION $minimum), but \$<LINK_LIBRARY:...> needs 3.24"
fi

# The reference output: what mlppredict says for the XOR rows with the
# weights the quick start wrote (run in $1 with the programs in $2).
quick_start() {
    local dir=$1 bin=$2
    mkdir -p "$dir"
    (cd "$dir" && "$bin/mlptrain" -q --config "$root/configs/xor.json" && "$bin/mlppredict" xor.weights.bin "$root/data/xor.csv" > expected.csv) \
        && [ -s "$dir/xor.weights.bin" ] && [ "$(wc -l < "$dir/expected.csv")" = 5 ] && ok \
        || bad "the quick start with $bin/mlptrain and $bin/mlppredict"
}

# Runs a built example on the XOR rows and compares with mlppredict.
same_as_mlppredict() {
    local what=$1 exe=$2 dir=$3
    if "$exe" "$dir/xor.weights.bin" "$root/data/xor.csv" > "$tmp/got.csv" 2> "$tmp/got.err" \
        && cmp -s "$tmp/got.csv" "$dir/expected.csv"; then
        ok
    else
        bad "$what: its predictions differ from mlppredict's: $(diff "$tmp/got.csv" "$dir/expected.csv"; cat "$tmp/got.err")"
    fi
}

# ---- 1. a temporary prefix ----------------------------------------------------
# With a space and a non-ASCII letter: mlp.pc once held the prefix as it was,
# and pkg-config split -I/.../in st/... in two.
prefix="$tmp/in st/ü"
step "cmake --install $build --prefix $prefix"
cmake --install "$build" --prefix "$prefix" > "$tmp/install.log" || { cat "$tmp/install.log"; exit 1; }

lib=$(find "$prefix" -name "libmlp.so.$abi" | head -1)
libdir=$(dirname "${lib:-$prefix/lib/none}")
for f in bin/mlptrain bin/mlppredict include/mlp/mlp.h \
         share/man/man1/mlptrain.1 share/man/man1/mlppredict.1 share/man/man5/mlp-spec.5 \
         share/bash-completion/completions/mlptrain share/bash-completion/completions/mlppredict \
         share/doc/mlp/README.md share/doc/mlp/LICENSE share/doc/mlp/docs/spec.md share/doc/mlp/docs/install.md \
         share/doc/mlp/examples/predict.c share/doc/mlp/examples/CMakeLists.txt \
         share/doc/mlp/examples/configs/xor.json share/doc/mlp/examples/data/xor.csv share/doc/mlp/examples/data/README.md; do
    [ -f "$prefix/$f" ] && ok || bad "not installed: $f"
done
if [ -x "$build/mlpplot" ]; then
    for f in bin/mlpplot share/man/man1/mlpplot.1 share/bash-completion/completions/mlpplot; do
        [ -f "$prefix/$f" ] && ok || bad "not installed: $f"
    done
fi
for f in libmlp.a libmlp.so "libmlp.so.$abi" pkgconfig/mlp.pc \
         cmake/mlp/mlpConfig.cmake cmake/mlp/mlpConfigVersion.cmake cmake/mlp/mlpTargets.cmake; do
    [ -e "$libdir/$f" ] && ok || bad "not installed: $libdir/$f"
done
for h in include/mlp/*.h; do
    cmp -s "$h" "$prefix/$h" && ok || bad "$prefix/$h differs from $h or is missing"
done
bash tests/install/test_symbols.sh "$libdir/libmlp.so" > "$tmp/symbols.log" && ok || bad "$(cat "$tmp/symbols.log")"
# Each exported target lists the installed include directory once: it was
# "${_IMPORT_PREFIX}/include;${_IMPORT_PREFIX}/include" (from both
# $<INSTALL_INTERFACE:...> and install(TARGETS ... INCLUDES DESTINATION)).
targets_file=$libdir/cmake/mlp/mlpTargets.cmake
includes=$(sed -n 's/^ *INTERFACE_INCLUDE_DIRECTORIES "\(.*\)"$/\1/p' "$targets_file" 2>/dev/null)
[ "$(wc -l <<< "$includes")" = 2 ] && ok || bad "mlpTargets.cmake: want the include directories of 2 targets, found: $includes"
while IFS= read -r dirs; do
    [ "$dirs" = '${_IMPORT_PREFIX}/include' ] && ok \
        || bad "mlpTargets.cmake lists INTERFACE_INCLUDE_DIRECTORIES \"$dirs\"; want \"\${_IMPORT_PREFIX}/include\" once"
done <<< "$includes"
# find_package(mlp X.Y) accepts this version for the same X.Y only while
# MAJOR is 0 (the interface may change between minor versions), for any
# X.Y not above it from 1.0 on.
# (As find_package sets them: the version asked for and its parts.)
printf 'include("%s")\nmessage("${PACKAGE_VERSION_COMPATIBLE}")\n' \
    "$libdir/cmake/mlp/mlpConfigVersion.cmake" > "$tmp/compatible.cmake"
compatible() {
    cmake -DPACKAGE_FIND_VERSION="$1.$2" -DPACKAGE_FIND_VERSION_MAJOR="$1" \
        -DPACKAGE_FIND_VERSION_MINOR="$2" -P "$tmp/compatible.cmake" 2>&1
}
[ "$(compatible "$v_major" "$v_minor")" = TRUE ] && ok || bad "find_package(mlp $v_major.$v_minor) refuses $version"
if [ "$v_major" = 0 ]; then
    [ "$(compatible 0 $((v_minor + 1)))" = FALSE ] && ok || bad "find_package(mlp 0.$((v_minor + 1))) accepts $version"
    [ "$v_minor" = 0 ] || { [ "$(compatible 0 $((v_minor - 1)))" = FALSE ] && ok || bad "find_package(mlp 0.$((v_minor - 1))) accepts $version"; }
fi

# The paths of the docs and examples each installed manual page shows are
# this prefix's, and exist: they said /usr/share/doc/mlp whatever the prefix.
# (roff's "\-" and "\ " read as "-" and " ".)
for page in "$prefix"/share/man/man[15]/*; do
    text=$(sed -e 's/\\-/-/g' -e 's/\\ / /g' "$page")
    all=$({ grep -o 'share/doc/mlp' <<< "$text" || true; } | wc -l)
    here=$({ grep -oF "$prefix/share/doc/mlp" <<< "$text" || true; } | wc -l)
    [ "$all" -gt 0 ] && [ "$all" = "$here" ] && ok \
        || bad "$(basename "$page") names $all docs paths, $here of them under $prefix: $(grep -F 'share/doc/mlp' <<< "$text" | head -3)"
    for path in $(grep -o 'share/doc/mlp[A-Za-z0-9_./-]*' <<< "$text" | sort -u); do
        [ -e "$prefix/$path" ] && ok || bad "$(basename "$page") names $prefix/$path, which is not installed"
    done
done

step "quick start with $prefix/bin"
run=$tmp/run
quick_start "$run" "$prefix/bin"

step "examples/predict.c with pkg-config (C, C++, static)"
export PKG_CONFIG_PATH=$libdir/pkgconfig
[ "$(pkg-config --modversion mlp)" = "$version" ] && ok || bad "pkg-config --modversion mlp is not $version"
# pkg-config escapes spaces with a backslash, as a shell reads them.
eval "flags=($(pkg-config --cflags --libs mlp))"
example=$prefix/share/doc/mlp/examples/predict.c
warn=(-Wall -Wextra -Werror)
cc -std=c11 "${warn[@]}" "$example" "${flags[@]}" -o "$tmp/predict_c" && ok || bad "cc predict.c ${flags[*]}"
LD_LIBRARY_PATH=$libdir same_as_mlppredict "predict (C, libmlp.so)" "$tmp/predict_c" "$run"
loaded=$(LD_LIBRARY_PATH=$libdir ldd "$tmp/predict_c")
grep -q "libmlp.so.$abi => $libdir/" <<< "$loaded" && ok \
    || bad "predict (C) does not load $libdir/libmlp.so.$abi"
g++ -std=c++17 "${warn[@]}" -x c++ "$example" -x none "${flags[@]}" -o "$tmp/predict_cxx" && ok || bad "g++ predict.c ${flags[*]}"
LD_LIBRARY_PATH=$libdir same_as_mlppredict "predict (C++)" "$tmp/predict_cxx" "$run"
# Static: libmlp.a and the private requirements of mlp.pc, nothing else.
eval "static_flags=($(pkg-config --cflags --libs --static mlp | sed 's/-lmlp\b/-l:libmlp.a/'))"
cc -std=c11 "${warn[@]}" "$example" "${static_flags[@]}" -o "$tmp/predict_static" && ok || bad "cc predict.c ${static_flags[*]}"
same_as_mlppredict "predict (libmlp.a)" "$tmp/predict_static" "$run"
loaded=$(ldd "$tmp/predict_static")
grep -q libmlp <<< "$loaded" && bad "predict (libmlp.a) loads libmlp.so" || ok

step "examples/CMakeLists.txt with find_package(mlp)"
for kind in shared static; do
    static=OFF
    [ "$kind" = static ] && static=ON
    if cmake -S "$prefix/share/doc/mlp/examples" -B "$tmp/cmake-$kind" -DCMAKE_PREFIX_PATH="$prefix" \
           -DPREDICT_STATIC=$static > "$tmp/cmake-$kind.log" 2>&1 \
        && cmake --build "$tmp/cmake-$kind" >> "$tmp/cmake-$kind.log" 2>&1; then
        ok
        same_as_mlppredict "predict (find_package, $kind)" "$tmp/cmake-$kind/predict" "$run"
    else
        bad "find_package(mlp) build ($kind): $(cat "$tmp/cmake-$kind.log")"
    fi
done
# find_package(mlp) leaves the caller's variables as they were: its
# pkg_check_modules(ZLIB ...) once set ZLIB_LIBRARIES, which FindZLIB had
# set to the library's path, to "z". Every variable but find_package's
# own (mlp_*, PACKAGE_PREFIX_DIR), FindPkgConfig's cache entries (with
# "prefix_result", which every pkg_check_modules writes) and the package's
# private ones (_mlp_*) is compared before and after.
mkdir "$tmp/consumer"
cat > "$tmp/consumer/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.18)
project(consumer C)
find_package(ZLIB REQUIRED)
get_cmake_property(_names VARIABLES)
foreach(_v IN LISTS _names)
  set("_was_${_v}" "${${_v}}")
endforeach()
find_package(mlp REQUIRED)
get_cmake_property(_now VARIABLES)
foreach(_v IN LISTS _now)
  if(_v MATCHES "^(_was_|_names$|_now$|_v$|mlp_|_mlp_|PACKAGE_PREFIX_DIR$|PKG_CONFIG_(EXECUTABLE|ARGN)$|pkgcfg_lib__mlp_|__pkg_config_[a-z]*__mlp_|prefix_result$)")
    continue()
  endif()
  if(NOT DEFINED "_was_${_v}")
    message(SEND_ERROR "find_package(mlp) set ${_v} to \"${${_v}}\"")
  elseif(NOT "${${_v}}" STREQUAL "${_was_${_v}}")
    message(SEND_ERROR "find_package(mlp) changed ${_v} from \"${_was_${_v}}\" to \"${${_v}}\"")
  endif()
endforeach()
EOF
if cmake -S "$tmp/consumer" -B "$tmp/consumer/build" -DCMAKE_PREFIX_PATH="$prefix" > "$tmp/consumer.log" 2>&1; then
    ok
else
    bad "find_package(mlp) changes the caller's variables: $(grep -A1 'CMake Error' "$tmp/consumer.log" | grep -v 'CMake Error\|^--' | head -6)"
fi
unset PKG_CONFIG_PATH

# docs/install.md's line that uninstalls with the manifest, run as written
# on this prefix: `xargs rm` split the prefix's space, removing nothing.
step "uninstall with install_manifest.txt (docs/install.md)"
uninstall=$(sed -n 's/.*`\(xargs [^`]*< build\/install_manifest\.txt\)`.*/\1/p' docs/install.md)
if [ -n "$uninstall" ]; then
    (cd "$build" && eval "${uninstall/build\//}") > "$tmp/uninstall.log" 2>&1 || true
    left=$(find "$prefix" ! -type d)
    [ -z "$left" ] && ok || bad "\`$uninstall\` left $(wc -l <<< "$left") files: $(head -3 <<< "$left"; cat "$tmp/uninstall.log")"
else
    bad "docs/install.md shows no \`xargs ... < build/install_manifest.txt\` line"
fi

# ---- the source package ------------------------------------------------------
# The tree under mlp-VERSION-Source/, every file git tracks, and none of a
# build: it once put the tree under mlp-VERSION-Source/usr/ and took the
# build folders along (their programs, CMakeCache.txt, .deb files).
step "cpack --config CPackSourceConfig.cmake"
(cd "$tmp" && cpack --config "$build/CPackSourceConfig.cmake" -G TGZ -B "$tmp/source" > "$tmp/cpack-source.log" 2>&1) \
    || bad "cpack (source): $(cat "$tmp/cpack-source.log")"
tarball=$tmp/source/mlp-$version-Source.tar.gz
if [ -f "$tarball" ]; then
    tar -tzf "$tarball" | sed 's|/$||' | sort > "$tmp/source.list"
    top=mlp-$version-Source
    grep -qx "$top/CMakeLists.txt" "$tmp/source.list" && ok || bad "the source package has no $top/CMakeLists.txt"
    outside=$(grep -v "^$top\(/\|\$\)" "$tmp/source.list" | head -3 || true)
    [ -z "$outside" ] && ok || bad "the source package has files outside $top/: $outside"
    built=$(grep -E '(\.deb|/CMakeCache\.txt|\.o|\.a|\.so(\.[0-9.]+)?)$' "$tmp/source.list" | head -3 || true)
    [ -z "$built" ] && ok || bad "the source package holds build output: $built"
    mkdir "$tmp/unpacked"
    tar -xzf "$tarball" -C "$tmp/unpacked"
    elf=$(find "$tmp/unpacked" -type f -exec sh -c 'head -c 4 "$1" | grep -q "^.ELF" && echo "$1"' _ {} \; | head -3)
    [ -z "$elf" ] && ok || bad "the source package holds programs: $elf"
    if git -C "$root" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
        missing=$(git -C "$root" ls-files | sed "s|^|$top/|" | sort | comm -23 - "$tmp/source.list" | head -3)
        [ -z "$missing" ] && ok || bad "the source package lacks tracked files: $missing"
    fi
else
    bad "cpack wrote no $(basename "$tarball"): $(ls "$tmp/source" 2>&1)"
fi

# ---- 2. the .deb ----------------------------------------------------------------
if ((deb)); then
    if [ "$(id -u)" -ne 0 ]; then
        echo "check-install: --deb installs a package: run it as root" >&2
        exit 2
    fi
    if [[ "$(dpkg-query -W -f='${Status}' mlp 2>/dev/null || true)" == *installed* ]]; then
        echo "check-install: a package \"mlp\" is already installed; remove it first (dpkg -r mlp)" >&2
        exit 2
    fi
    step "cpack -G DEB"
    (cd "$tmp" && cpack -G DEB -B "$tmp/deb" --config "$build/CPackConfig.cmake" > "$tmp/cpack.log" 2>&1) \
        || { cat "$tmp/cpack.log"; exit 1; }
    pkg=$(find "$tmp/deb" -maxdepth 1 -name "mlp_${version}_*.deb" | head -1)
    [ -n "$pkg" ] && ok || { bad "cpack wrote no mlp_${version}_*.deb"; exit 1; }
    depends=$(dpkg-deb -f "$pkg" Depends)
    deps=(libcjson1 libopenblas)
    [ -x "$build/mlpplot" ] && deps+=(plplot-driver-cairo) # a plugin: not from dpkg-shlibdeps
    for dep in "${deps[@]}"; do
        grep -q "$dep" <<< "$depends" && ok || bad "the .deb's Depends lack $dep: $depends"
    done
    # The shlibs entry docs/install.md shows: the SONAME's version, this exact package.
    shlibs=$(dpkg-deb -I "$pkg" shlibs)
    [ "$shlibs" = "libmlp $abi mlp (= $version)" ] && ok || bad "the .deb's shlibs: $shlibs"
    grep -qF "declares \`$shlibs\`" docs/install.md && ok || bad "docs/install.md does not show the shlibs entry \`$shlibs\`"
    step "dpkg -i $(basename "$pkg")"
    installed_deb=1
    dpkg -i "$pkg" > "$tmp/dpkg.log" 2>&1 && ok || { bad "dpkg -i: $(cat "$tmp/dpkg.log")"; exit 1; }
    [ "$(command -v mlptrain)" = /usr/bin/mlptrain ] && ok || bad "mlptrain is not /usr/bin/mlptrain"
    quick_start "$tmp/deb-run" /usr/bin
    # With the commit it was built from, when built from a git checkout (docs/install.md).
    [[ "$(/usr/bin/mlptrain --version | head -1)" =~ ^"mlptrain (mlp) $version"(" (git "[0-9a-f]{7,}(-dirty)?")")?$ ]] \
        && ok || bad "/usr/bin/mlptrain --version: $(/usr/bin/mlptrain --version | head -1)"
    # Slim Docker images tell dpkg to skip /usr/share/man and /usr/share/doc.
    if grep -qs 'path-exclude.*/usr/share/man' /etc/dpkg/dpkg.cfg.d/*; then
        step "dpkg skips /usr/share/man here (path-exclude): man pages not checked"
    else
        man -w mlptrain > /dev/null 2>&1 && man -w 5 mlp-spec > /dev/null 2>&1 && ok || bad "man cannot find the installed pages"
    fi
    [ "$(pkg-config --modversion mlp)" = "$version" ] && ok || bad "pkg-config does not find the installed mlp.pc"
    eval "flags=($(pkg-config --cflags --libs mlp))"
    cc -std=c11 "${warn[@]}" examples/predict.c "${flags[@]}" -o "$tmp/predict_deb" \
        && ok || bad "cc predict.c against /usr"
    same_as_mlppredict "predict (the .deb)" "$tmp/predict_deb" "$tmp/deb-run"
    step "dpkg -r mlp"
    dpkg -r mlp > "$tmp/dpkg.log" 2>&1 && ok || bad "dpkg -r mlp: $(cat "$tmp/dpkg.log")"
    installed_deb=0
    [ ! -e /usr/bin/mlptrain ] && [ ! -e /usr/share/man/man1/mlptrain.1 ] && ok || bad "files left after dpkg -r mlp"
fi

echo "check-install: $passed passed, $failed failed"
[ "$failed" = 0 ]
