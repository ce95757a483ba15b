#!/bin/sh
exec uvicorn org.backend.main.main:app "$@"
