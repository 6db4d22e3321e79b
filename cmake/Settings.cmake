# Compiler settings live on INTERFACE targets that every Dateline target links
# PRIVATE; nothing here touches the global CMAKE_CXX_FLAGS.

add_library(dateline_settings INTERFACE)
target_compile_features(dateline_settings INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_definitions(dateline_settings INTERFACE
  $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
if(DATELINE_SANITIZE)
  target_compile_options(dateline_settings INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(dateline_settings INTERFACE -fsanitize=address,undefined)
endif()

if(DATELINE_FUZZ)
  # Coverage instrumentation for everything the fuzz targets link (clang only).
  target_compile_options(dateline_settings INTERFACE -fsanitize=fuzzer-no-link)
endif()

add_library(dateline_warnings INTERFACE)
target_compile_options(dateline_warnings INTERFACE -Wall -Wextra -Wpedantic
  -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough)
# GCC 12 at -O3 reports false -Wrestrict overlaps inside std::string's
# operator+ (GCC bug 105329, fixed in 13); Release builds would fail on it.
target_compile_options(dateline_warnings INTERFACE
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)
if(DATELINE_WERROR)
  target_compile_options(dateline_warnings INTERFACE -Werror)
endif()

# Convenience: one call gives a target both interface targets.
function(dateline_target_defaults target)
  target_link_libraries(${target} PRIVATE dateline_settings dateline_warnings)
endfunction()
