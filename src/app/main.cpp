#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"paraplan: the paraeducator push-in service delivery model"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
