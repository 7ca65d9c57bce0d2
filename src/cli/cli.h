// The command line: `sardesk SUBCOMMAND ...`. Translates arguments into the
// same service calls as the API. Exit codes: 0 success, 1 a user error (one
// line on stderr saying what to fix), 2 a usage error.
#pragma once

namespace sardesk::cli {

int RunCli(int argc, char** argv);

}  // namespace sardesk::cli
