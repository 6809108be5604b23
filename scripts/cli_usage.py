# SPDX-License-Identifier: MIT
"""cli_usage.py: the command line of every Python script of scripts/ and
bench/, taken as scripts/usage.sh takes the shell scripts' (and mlptrain its
own, docs/exit-codes.md):

    --help, -h    the usage, the script's docstring, on stdout; exit 0
    a usage error one line on stderr, "NAME: WHAT; try 'DIR/NAME --help'";
                  exit 2, before anything is built, run or written

A script imports it first (a bench/ script after putting this folder on
sys.path), with sys.dont_write_bytecode set so that no __pycache__ is left in
the tree, and then either

    usage = cli_usage.Usage(__file__, __doc__)
    args = usage.arguments(sys.argv[1:])      # --help answered, options refused
    ... usage.error("WHAT") or usage.unknown(arg) for what it refuses

or, for an argparse command line, cli_usage.ArgumentParser(__file__, __doc__)
in place of argparse.ArgumentParser. Usage.need(module, package) refuses a
Python that lacks a module (numpy, scikit-learn, torch) in one line that names
/usr/bin/python3 and the Debian package, in place of an ImportError's
traceback.
"""
import argparse
import importlib.util
import os
import sys

HELP = ("-h", "--help")
DEBIAN_PYTHON = "/usr/bin/python3"  # the Python the Debian packages install into


class Usage:
    """The usage text and the name of one script."""

    def __init__(self, script, text):
        path = os.path.realpath(script)
        self.name = os.path.basename(path)
        # DIR/NAME, as the docs and the shell scripts name it (scripts/usage.sh).
        self.path = os.path.basename(os.path.dirname(path)) + "/" + self.name
        self.text = text.strip("\n") + "\n"

    def help(self):
        """--help: the usage on stdout, exit 0."""
        sys.stdout.write(self.text)
        sys.exit(0)

    def error(self, what):
        """A usage error: one line on stderr, exit 2."""
        print(f"{self.name}: {what}; try '{self.path} --help'", file=sys.stderr)
        sys.exit(2)

    def unknown(self, arg):
        """An argument the script does not take: an option (it starts with
        -) or a stray operand."""
        if arg.startswith("-") and arg != "-":
            self.error(f'unknown option "{arg}"')
        self.error(f'unexpected argument "{arg}"')

    def arguments(self, args, valued=()):
        """args, once --help and -h are answered and every option that is
        not one of valued (each takes the next argument as its value, kept
        for the script to read) is refused. "-" alone is an operand (a name
        for standard input), and so is everything after "--", which is
        dropped."""
        options_part = args[:args.index("--")] if "--" in args else args
        if any(a in HELP for a in options_part):
            self.help()
        rest = []
        i = 0
        while i < len(args):
            a = args[i]
            if a == "--":
                return rest + args[i + 1:]
            if a in valued:
                if i + 1 == len(args):
                    self.error(f"{a} needs a value")
                rest += args[i:i + 2]
                i += 2
                continue
            if a.startswith("-") and a != "-":
                self.unknown(a)
            rest.append(a)
            i += 1
        return rest

    def need(self, module, package):
        """Refuses, before any work, a Python without module (the scripts
        that need one run under /usr/bin/python3, Debian's Python, with the
        Debian package installed); a pyenv or venv python3 first on PATH
        lacks it and would end in an ImportError's traceback."""
        if importlib.util.find_spec(module) is not None:
            return
        debian = (os.path.realpath(sys.executable) == os.path.realpath(DEBIAN_PYTHON)
                  and sys.prefix == sys.base_prefix)  # not a venv made from it
        if debian:
            todo = f"install Debian's {package} (apt-get install {package})"
        else:
            todo = (f"run {self.path} with {DEBIAN_PYTHON}, with Debian's {package} installed "
                    f"(apt-get install {package})")
        print(f"{self.name}: {module} is not installed for {sys.executable}; {todo}",
              file=sys.stderr)
        sys.exit(2)


class ArgumentParser(argparse.ArgumentParser):
    """argparse with the scripts' --help and usage errors: the help is the
    docstring, an error (argparse's own words) is one line, and an argument
    no option takes is refused by name, not listed after "unrecognized
    arguments"."""

    def __init__(self, script, text, **kwargs):
        self.usage_of = Usage(script, text)
        super().__init__(prog=self.usage_of.path, **kwargs)

    def format_help(self):
        return self.usage_of.text

    def error(self, message):
        self.usage_of.error(message)

    def parse_args(self, args=None, namespace=None):
        # An unknown option is named first, as the shell scripts name it,
        # not hidden behind argparse's list of the required options missing
        # (a mistyped --wrok is both): a first pass with none required.
        required = [a for a in self._actions if a.required]
        for action in required:
            action.required = False
        try:
            _, extra = self.parse_known_args(args)
        finally:
            for action in required:
                action.required = True
        if extra:
            self.usage_of.unknown(extra[0])
        return super().parse_args(args, namespace)
