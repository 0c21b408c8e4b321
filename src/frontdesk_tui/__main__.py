from frontdesk_tui.cli import main

raise SystemExit(main())
