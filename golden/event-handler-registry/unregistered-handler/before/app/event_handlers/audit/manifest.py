TOPIC = "audit"
