// sardesk: the library plus main().
#include "cli/cli.h"

int main(int argc, char** argv) { return sardesk::cli::RunCli(argc, argv); }
