# @file CheckEngineLibrary.cmake
# Run as a test (cmake -P, see tests/CMakeLists.txt): an engine library must
# stay free of the command line. Fails when
# - its link libraries (LIBS, '|'-separated, from the target's LINK_LIBRARIES
#   and INTERFACE_LINK_LIBRARIES) name Boost.Program_options, or
# - one of its sources or their headers (SOURCES, '|'-separated absolute
#   .cpp paths; the .hpp beside each is read too) includes
#   boost/program_options or <iostream>, or writes to stdout/stderr
#   (std::cout, std::cerr, printf, puts, fputs/fprintf/fwrite to stdout or
#   stderr), or ends the process (exit, _Exit, abort).
#   When NO_PRINT_CHECK is set, only Boost.Program_options is checked (the
#   indexer's run reports through its Reporter).
cmake_minimum_required(VERSION 3.25)
foreach(var NAME LIBS SOURCES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "CheckEngineLibrary: ${var} not set")
  endif()
endforeach()
set(problems "")
string(REPLACE "|" ";" libs "${LIBS}")
foreach(lib IN LISTS libs)
  if(lib MATCHES "boost_po|program_options")
    string(APPEND problems "\n  links ${lib}")
  endif()
endforeach()
string(REPLACE "|" ";" sources "${SOURCES}")
set(forbidden "boost/program_options")
if(NOT NO_PRINT_CHECK)
  list(APPEND forbidden "<iostream>" "std::cout" "std::cerr" "std::printf(" "std::puts(" "(stdout" "(stderr"
       ", stdout)" ", stderr)" "std::exit(" "std::_Exit(" "std::abort(" " exit(" " _Exit(")
endif()
foreach(source IN LISTS sources)
  string(REGEX REPLACE "\\.cpp$" ".hpp" header "${source}")
  foreach(file IN ITEMS "${source}" "${header}")
    if(NOT EXISTS "${file}")
      continue()
    endif()
    file(READ "${file}" text)
    foreach(needle IN LISTS forbidden)
      string(FIND "${text}" "${needle}" at)
      if(at GREATER -1)
        string(APPEND problems "\n  ${file} contains '${needle}'")
      endif()
    endforeach()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "${NAME} must not depend on the command line:${problems}")
endif()
if(NO_PRINT_CHECK)
  message(STATUS "${NAME}: no Boost.Program_options")
else()
  message(STATUS "${NAME}: no Boost.Program_options, no printing, no exit")
endif()
