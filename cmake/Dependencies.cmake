# Third-party libraries, all from Debian 12 packages (see README.md):
#   libxapian-dev libicu-dev libboost-program-options-dev googletest

find_package(PkgConfig REQUIRED)
pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core)
find_package(ICU 70 REQUIRED COMPONENTS uc i18n data)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
find_package(Threads REQUIRED)
if(DATELINE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()

# ICU and Boost.Program_options, shared or static per consuming executable.
# Relocating ICU's and Boost's shared libraries costs dateline-search about as
# much start-up time as quest needs for a whole query (docs/benchmarks.md), so
# the two product binaries set the target property DATELINE_STATIC_DEPS and
# link the static archives that Debian's -dev packages ship; tests and tools
# link the shared libraries (smaller, faster to link). Libraries link these
# INTERFACE targets; $<TARGET_PROPERTY:...> is read from the executable.
option(DATELINE_STATIC_DEPS "Link ICU and Boost statically into dateline-index and dateline-search" ON)
find_library(DATELINE_ICUI18N_A NAMES libicui18n.a)
find_library(DATELINE_ICUUC_A NAMES libicuuc.a)
find_library(DATELINE_ICUDATA_A NAMES libicudata.a)
find_library(DATELINE_BOOST_PO_A NAMES libboost_program_options.a)
set(dateline_static_ok OFF)
if(DATELINE_STATIC_DEPS AND DATELINE_ICUI18N_A AND DATELINE_ICUUC_A AND DATELINE_ICUDATA_A AND DATELINE_BOOST_PO_A
   AND NOT DATELINE_SANITIZE AND NOT DATELINE_FUZZ)
  set(dateline_static_ok ON)
endif()
set(dateline_static "$<AND:$<BOOL:${dateline_static_ok}>,$<BOOL:$<TARGET_PROPERTY:DATELINE_STATIC_DEPS>>>")

# With static ICU the executables carry ~5,900 relative relocations (ICU's
# tables of pointers); DT_RELR packs them into a few KB that the loader reads
# at start-up instead of 140 KB of .rela.dyn (glibc >= 2.36, binutils >= 2.38).
include(CheckLinkerFlag)
check_linker_flag(CXX "-Wl,-z,pack-relative-relocs" DATELINE_HAVE_RELR)
set(dateline_relr "$<AND:${dateline_static},$<BOOL:${DATELINE_HAVE_RELR}>>")

add_library(dateline_icu INTERFACE)
target_link_options(dateline_icu INTERFACE "$<${dateline_relr}:LINKER:-z,pack-relative-relocs>")
target_link_libraries(dateline_icu INTERFACE
  "$<IF:${dateline_static},${DATELINE_ICUI18N_A};${DATELINE_ICUUC_A};${DATELINE_ICUDATA_A};${CMAKE_DL_LIBS},ICU::i18n;ICU::uc;ICU::data>")
target_include_directories(dateline_icu INTERFACE ${ICU_INCLUDE_DIRS})

add_library(dateline_boost_po INTERFACE)
target_link_libraries(dateline_boost_po INTERFACE
  "$<IF:${dateline_static},${DATELINE_BOOST_PO_A},Boost::program_options>")
target_include_directories(dateline_boost_po INTERFACE ${Boost_INCLUDE_DIRS})
