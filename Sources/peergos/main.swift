print("peergos")
