// Starts dynalite (in memory) on a free loopback port and prints "listening <port>" once it accepts
// connections. It exits when its standard input closes, so a test run that dies never leaves it behind.
'use strict'
const dynalite = require('dynalite')

const server = dynalite({ createTableMs: 50, deleteTableMs: 50, updateTableMs: 50 })
server.listen(0, '127.0.0.1', () => {
  console.log('listening ' + server.address().port)
})
process.stdin.on('end', () => process.exit(0))
process.stdin.on('close', () => process.exit(0))
process.stdin.resume()
