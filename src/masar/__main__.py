from masar.serve.cli import main

main()
