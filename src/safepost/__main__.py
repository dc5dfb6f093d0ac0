from safepost.cli.main import run

run()
