/** @file main.cpp
 *  @brief dateline-import-reuters: see run_import_main.hpp. */
#include "corpus/import/run_import_main.hpp"

int main(int argc, char* argv[]) { return dateline::reuters::run_import_main(argc, argv); }
