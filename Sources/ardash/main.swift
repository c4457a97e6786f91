print("ardash")
