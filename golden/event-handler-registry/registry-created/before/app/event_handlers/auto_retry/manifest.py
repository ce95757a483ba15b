TOPIC = "auto_retry"
