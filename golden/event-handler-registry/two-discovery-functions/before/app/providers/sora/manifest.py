NAME = "sora"
