from mathforml.cli import main

main()
