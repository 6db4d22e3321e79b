/** @file main.cpp
 *  @brief dateline-index: see run_index_main.hpp. */
#include "indexer/run_index_main.hpp"

int main(int argc, char* argv[]) { return dateline::indexer::run_index_main(argc, argv); }
