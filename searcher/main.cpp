/** @file main.cpp
 *  @brief dateline-search: see search_main.hpp. */
#include "searcher/search_main.hpp"

int main(int argc, char* argv[]) { return dateline::searcher::run_search_main(argc, argv); }
