NAME = "pixverse"
