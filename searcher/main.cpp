/** @file main.cpp
 *  @brief dateline-search: see run_search_main.hpp. */
#include "searcher/run_search_main.hpp"

int main(int argc, char* argv[]) { return dateline::searcher::run_search_main(argc, argv); }
