import hashlib
import subprocess


def run_report(name):
    # Builds a shell command from user input.
    return subprocess.run("report " + name, shell=True, check=False)


def evaluate(expression):
    return eval(expression)


def fingerprint(data):
    return hashlib.md5(data).hexdigest()


def debug_log(message):
    print("DEBUG", message)
