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
