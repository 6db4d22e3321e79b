# cmake -DSOURCE_DIR=... -DOUTPUT_DIR=... -P GzipManPages.cmake
# Compresses every man page under SOURCE_DIR (man1/x.1 ...) into
# OUTPUT_DIR/man1/x.1.gz with gzip -9n (no name or time stamp: reproducible).
find_program(GZIP gzip REQUIRED)
file(GLOB_RECURSE pages RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/man*/*)
foreach(page IN LISTS pages)
  get_filename_component(dir ${OUTPUT_DIR}/${page} DIRECTORY)
  file(MAKE_DIRECTORY ${dir})
  execute_process(COMMAND ${GZIP} -9nc ${SOURCE_DIR}/${page}
                  OUTPUT_FILE ${OUTPUT_DIR}/${page}.gz RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "gzip ${page} failed")
  endif()
endforeach()
