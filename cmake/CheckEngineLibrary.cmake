# @file CheckEngineLibrary.cmake
# Run as a test (cmake -P, see tests/CMakeLists.txt): an engine library must
# stay free of the command line. Fails when
# - its link libraries (LIBS, '|'-separated, from the target's LINK_LIBRARIES
#   and INTERFACE_LINK_LIBRARIES) name Boost.Program_options, or
# - one of its sources or their headers (SOURCES, '|'-separated absolute
#   .cpp paths; the .hpp beside each is read too) includes
#   boost/program_options or <iostream>, or writes to stdout/stderr
#   (std::cout, std::cerr, printf, puts, fputs/fprintf/fwrite to stdout or
#   stderr), or ends the process (exit, _Exit, abort), or
# - its compiled archive (ARCHIVE, read with NM) needs a symbol that prints
#   or exits (stdout, stderr, std::cout/cerr/clog, printf, fprintf, puts,
#   fputs, fwrite, putchar, exit, _Exit, abort and their _chk forms): this
#   catches printing the text search misses (a header elsewhere, a macro).
# The indexing engine reports through its Reporter interface
# (indexer/reporter.hpp); the terminal printing is in the CLI library.
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
list(APPEND forbidden "<iostream>" "std::cout" "std::cerr" "std::printf(" "std::puts(" "(stdout" "(stderr"
     ", stdout)" ", stderr)" "std::exit(" "std::_Exit(" "std::abort(" " exit(" " _Exit(")
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
if(DEFINED ARCHIVE)
  if(NOT EXISTS "${ARCHIVE}" OR NOT NM)
    message(FATAL_ERROR "CheckEngineLibrary: archive '${ARCHIVE}' not built or no nm ('${NM}')")
  endif()
  execute_process(COMMAND "${NM}" -u -C "${ARCHIVE}" OUTPUT_VARIABLE symbols RESULT_VARIABLE nm_result)
  if(NOT nm_result EQUAL 0)
    message(FATAL_ERROR "CheckEngineLibrary: ${NM} -u -C ${ARCHIVE} failed: ${nm_result}")
  endif()
  string(REPLACE "\n" ";" symbols "${symbols}")
  set(printing "^(stdout|stderr|std::cout|std::cerr|std::clog|std::wcout|std::wcerr|printf|fprintf|vprintf|vfprintf|"
               "__printf_chk|__fprintf_chk|__vfprintf_chk|puts|fputs|fwrite|putchar|fputc|putc|perror|"
               "exit|_exit|_Exit|quick_exit|abort)$")
  string(JOIN "" printing ${printing})
  set(found "")
  foreach(line IN LISTS symbols)
    string(STRIP "${line}" line)
    if(line MATCHES "^U (.+)$")
      set(symbol "${CMAKE_MATCH_1}")
      if(symbol MATCHES "${printing}")
        list(APPEND found "${symbol}")
      endif()
    endif()
  endforeach()
  list(REMOVE_DUPLICATES found)
  foreach(symbol IN LISTS found)
    string(APPEND problems "\n  ${ARCHIVE} needs '${symbol}'")
  endforeach()
endif()
if(problems)
  message(FATAL_ERROR "${NAME} must not depend on the command line:${problems}")
endif()
message(STATUS "${NAME}: no Boost.Program_options, no printing, no exit")
