ArdashCommand.main()
