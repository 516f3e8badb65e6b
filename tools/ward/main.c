/* main.c -- the `ward` command: dispatch to its subcommands. */
#include "tool.h"

#include <signal.h>
#include <string.h>

static void usage(FILE *out)
{
    fputs("usage: ward <command> [options]\n"
          "\n"
          "commands:\n"
          "  demo                       a TLS 1.3 handshake and HTTPS request, in-process,\n"
          "                             printed message by message\n"
          "  client HOST:PORT [options] connect, then copy stdin/stdout over TLS\n"
          "  server --cert F --key F    accept TLS connections: echo, or --www DIR\n"
          "  help [command]             this text, or a command's options\n"
          "\n"
          "Each command takes --help. Exit status: 0 ok, 1 TLS failure, 2 usage error.\n",
          out);
}

static int help(int argc, char **argv)
{
    if (argc < 2) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "client") == 0)
        usage_client(stdout);
    else if (strcmp(argv[1], "server") == 0)
        usage_server(stdout);
    else if (strcmp(argv[1], "demo") == 0)
        usage_demo(stdout);
    else {
        usage(stderr);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    /* Writes to a closed socket or pipe must be errors, not death. */
    signal(SIGPIPE, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "demo") == 0)
        return cmd_demo(argc - 1, argv + 1);
    if (strcmp(cmd, "client") == 0)
        return cmd_client(argc - 1, argv + 1);
    if (strcmp(cmd, "server") == 0)
        return cmd_server(argc - 1, argv + 1);
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
        return help(argc - 1, argv + 1);
    fprintf(stderr, "ward: unknown command \"%s\"\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
