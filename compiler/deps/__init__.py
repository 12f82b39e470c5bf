"""Python dependencies built for Lambda without Docker: layers and functions from ``requirements:``.

``pip install --platform <manylinux tags> --implementation cp --python-version <runtime>
--only-binary=:all: --target <dir>`` (what ``sam build`` does without a container), normalised and
zipped reproducibly, cached by a hash of the requirements, runtime and architecture
(``compiler.deps.pip_build``). ``plan`` says what a spec needs built and for which target; checks
(validate) and the stack (synth) build the same plan, so a pip failure is a diagnostic before synth.
"""
